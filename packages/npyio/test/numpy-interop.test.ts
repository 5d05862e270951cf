import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { expected, fixturesDir, readFixture } from "../../../fixtures/index.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { load, loadNpz, type NpyArray, parse, save, saveNpz } from "../src/index.js";
import { readFile } from "../src/node.js";

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

describe.skipIf(!hasNumpy)("readFile of big-endian files numpy wrote", () => {
  // past the 64 KiB first read and the 1 MiB pieces the data is swapped in, with odd sizes
  const cases = [
    [">f8", "np.arange(300_001, dtype='>f8') * 0.5"],
    [">i2", "np.arange(700_003, dtype='>i2')"],
    [">c16", "(np.arange(90_001) + 1j * np.arange(90_001)).astype('>c16')"],
    [">U5", "np.array([str(i) for i in range(70_001)], dtype='>U5')"],
    [">M8[s]", "np.arange(200_001).astype('>M8[s]')"],
  ] as const;
  const beDir = mkdtempSync(join(tmpdir(), "npyio-be-"));
  afterAll(() => rmSync(beDir, { recursive: true, force: true }));
  /** Typed arrays compared as bytes (toEqual walks 300,000 elements slowly); lists as they are. */
  const bytesOf = (d: unknown) =>
    ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString("base64") : d;

  it.each(cases)("%s: the same data as the little-endian file of the same values", async (descr, expr) => {
    const be = join(beDir, "be.npy");
    const le = join(beDir, "le.npy");
    const r = spawnSync(
      "python3",
      [
        "-c",
        `import numpy as np, sys; a = ${expr}; np.save(sys.argv[1], a); np.save(sys.argv[2], a.astype(a.dtype.newbyteorder('<')))`,
        be,
        le,
      ],
      { encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    const got = (await readFile(be)) as NpyArray;
    const want = (await readFile(le)) as NpyArray;
    expect(got.dtype.descr).toBe(descr);
    expect(got.shape).toEqual(want.shape);
    expect(bytesOf(got.data)).toEqual(bytesOf(want.data));
  });

  it("a big-endian file cut short is TRUNCATED", async () => {
    const be = join(beDir, "cut.npy");
    const r = spawnSync("python3", [
      "-c",
      "import numpy as np, sys; np.save(sys.argv[1], np.arange(300_000, dtype='>f8'))",
      be,
    ]);
    expect(r.status).toBe(0);
    writeFileSync(be, readFileSync(be).subarray(0, 1_500_003));
    await expect(readFile(be)).rejects.toMatchObject({ code: "TRUNCATED" });
  });
});
