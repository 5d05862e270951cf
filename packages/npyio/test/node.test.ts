import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixturesDir, readFixture } from "../../../fixtures/index.js";
import type { NpyArray } from "../src/index.js";
import { readFile, writeFile } from "../src/node.js";

const dir = mkdtempSync(join(tmpdir(), "npyio-node-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npyio/node", () => {
  it("readFile reads a .npy file and an .npz archive", async () => {
    const a = (await readFile(join(fixturesDir, "npy/f8-le.npy"))) as NpyArray;
    expect(a.dtype.descr).toBe("<f8");
    const m = await readFile(join(fixturesDir, "npz/savez-compressed.npz"));
    expect(m).toBeInstanceOf(Map);
  });

  it("readFile says IO_ERROR for a missing file", async () => {
    await expect(readFile(join(dir, "missing.npy"))).rejects.toMatchObject({ code: "IO_ERROR" });
  });

  it("writeFile writes an array byte-identical to numpy, leaving no temporary file", async () => {
    const bytes = readFixture("npy/struct-nested.npy");
    const array = (await readFile(join(fixturesDir, "npy/struct-nested.npy"))) as NpyArray;
    const out = join(dir, "out.npy");
    await writeFile(out, array);
    expect(new Uint8Array(readFileSync(out))).toEqual(bytes);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writeFile replaces an existing file whole", async () => {
    const out = join(dir, "replace.npy");
    writeFileSync(out, "old contents that are longer than nothing");
    await writeFile(out, { data: new Uint8Array([1, 2, 3]) });
    const back = (await readFile(out)) as NpyArray;
    expect(Array.from(back.data as Uint8Array)).toEqual([1, 2, 3]);
  });

  it("writeFile writes a Map as an archive", async () => {
    const out = join(dir, "out.npz");
    await writeFile(
      out,
      new Map([
        [
          "x",
          {
            dtype: ((await readFile(join(fixturesDir, "npy/u1.npy"))) as NpyArray).dtype,
            shape: [2],
            fortranOrder: false,
            data: new Uint8Array([7, 8]),
          },
        ],
      ]),
      { compress: true },
    );
    const m = (await readFile(out)) as Map<string, NpyArray>;
    expect(Array.from(m.get("x")!.data as Uint8Array)).toEqual([7, 8]);
  });

  it("writeFile into a missing directory says IO_ERROR", async () => {
    await expect(
      writeFile(join(dir, "no/such/dir/x.npy"), { data: new Uint8Array(1) }),
    ).rejects.toMatchObject({
      code: "IO_ERROR",
    });
  });
});

describe("readFile passes the archive limits to the reader", () => {
  const path = join(fixturesDir, "npz/savez.npz");

  it("maxMembers below the archive's 7 members is LIMIT_EXCEEDED", async () => {
    await expect(readFile(path, { maxMembers: 2 })).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
  });

  it("maxTotalBytes below the members' size is LIMIT_EXCEEDED", async () => {
    await expect(readFile(path, { maxTotalBytes: 16 })).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
  });

  it("generous limits read all 7 members", async () => {
    const got = (await readFile(path, { maxMembers: 7, maxTotalBytes: 1 << 20 })) as Map<string, NpyArray>;
    expect([...got.keys()].sort()).toEqual([
      "empty",
      "floats_be",
      "fortran",
      "ints",
      "records",
      "scalar",
      "text",
    ]);
  });
});
