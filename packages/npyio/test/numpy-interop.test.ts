import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { expected, fixturesDir, readFixture } from "../../../fixtures/index.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { load, loadNpz, parse, save, saveNpz } from "../src/index.js";

const hasNumpy = requireNumpy("the numpy interop tests");

const script = fileURLToPath(new URL("./helpers/same-arrays.py", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "npyio-interop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasNumpy)("numpy loads saveNpz(loadNpz(x)) to the same arrays", () => {
  const cases = Object.keys(expected.npz).flatMap((name) => [
    [name, false],
    [name, true],
  ]) as [string, boolean][];
  it.each(cases)("%s, compress %s", async (name, compress) => {
    const out = join(dir, `${name.replaceAll("/", "_")}-${compress}.npz`);
    writeFileSync(out, saveNpz(await loadNpz(readFixture(name)), { compress }));
    const r = spawnSync("python3", [script, join(fixturesDir, name), out], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("same");
  });
});

describe.skipIf(!hasNumpy)("the README's first example, checked by numpy", () => {
  it("parse, load and save agree with numpy both ways", async () => {
    const bytes = readFixture("npy/f4-le.npy");
    const a = parse(bytes);
    const b = await load(bytes);
    expect(save(b as typeof a)).toEqual(bytes);
    const out = join(dir, "readme.npy");
    writeFileSync(out, save({ data: new Float64Array([1, 2, 3, 4]), shape: [2, 2] }));
    const r = spawnSync(
      "python3",
      [
        "-c",
        `import numpy as np; a = np.load(${JSON.stringify(out)}); print(a.dtype.str, a.shape, a.tolist())`,
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("<f8 (2, 2) [[1.0, 2.0], [3.0, 4.0]]");
  });
});
