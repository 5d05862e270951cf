import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { runCli } from "../src/run-cli.js";
import { python } from "./helpers/python.js";
import { root } from "./helpers/run-npyio.js";

const hasNumpy = requireNumpy("the stats ⇄ numpy comparisons");

const files = [
  "f4-random-1000",
  "f2-le",
  "i8-le",
  "u8-be",
  "b1",
  "c8-le",
  "struct-simple",
  "struct-nested",
  "f4-empty",
].map((f) => `fixtures/npy/${f}.npy`);
const script = fileURLToPath(new URL("./helpers/stats-expected.py", import.meta.url));

type Json = Record<string, number | string | null>;

/** `npyio stats --json`, run in-process. */
async function stats(path: string): Promise<Record<string, Json>> {
  const lines: string[] = [];
  const out = { line: (s: string) => lines.push(s), bytes: async () => {} };
  expect(await runCli(["stats", "--json", "--quiet", join(root, path)], out)).toBe(0);
  return JSON.parse(lines.join("\n"));
}

/** Our JSON writes non-finite numbers as "inf"/"-inf"/"nan"; numpy's as Infinity. */
const num = (v: number | string | null) => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);

describe.skipIf(!hasNumpy)("npyio stats agrees with numpy, column by column", () => {
  const want: Record<string, Record<string, Json>> = !hasNumpy
    ? {}
    : JSON.parse(python([script, ...files], undefined, root));
  it.each(files)("%s", async (path) => {
    const got = await stats(path);
    expect(Object.keys(got)).toEqual(Object.keys(want[path]!));
    for (const [column, w] of Object.entries(want[path]!)) {
      const g = got[column]!;
      for (const key of ["count", "nan", "posInf", "negInf"]) expect(g[key], `${column}.${key}`).toBe(w[key]);
      // + 0 makes -0 and 0 one value: which zero is the minimum is not a statistic
      for (const key of ["min", "max"])
        expect(Number(num(g[key]!)) + 0, `${column}.${key}`).toBe((w[key] as number) + 0);
      // the moments are floating-point sums: equal to within rounding on the scale of the data
      const scale = Math.max(1, Math.abs(w.min as number), Math.abs(w.max as number));
      for (const key of ["mean", "std"]) {
        const x = num(g[key]!) as number;
        const y = w[key] as number;
        if (Number.isFinite(y))
          expect(Math.abs(x - y), `${column}.${key}`).toBeLessThanOrEqual(1e-12 * scale);
        else expect(x, `${column}.${key}`).toBe(y);
      }
    }
  });
});
