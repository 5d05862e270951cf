/** The Node entry: native zlib engine, file reader, parallel writer, atomic file writer. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NpyArray } from "@npyio/dtype";
import { parseDescr } from "@npyio/dtype";
import { isNpyError } from "@npyio/header";
import { afterAll, describe, expect, it } from "vitest";
import { expected, fixturesDir, readFixture } from "../../../fixtures/index.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { loadNpzFile, nodeCodec, openNpzFile, saveNpzAsync, writeNpzFile } from "../src/node.js";
import { readNpzStream } from "../src/npz-decoder-stream.js";
import { NpzReader } from "../src/npz-reader.js";

const hasNumpy = requireNumpy("the np.load read-backs");

const tmp = mkdtempSync(join(tmpdir(), "npz-node-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const big: NpyArray = {
  dtype: parseDescr("<f8"),
  shape: [300, 100],
  fortranOrder: false,
  data: Float64Array.from({ length: 30_000 }, (_, i) => Math.sin(i) * 1000),
};
const small: NpyArray = {
  dtype: parseDescr("<i2"),
  shape: [3],
  fortranOrder: false,
  data: new Int16Array([1, -2, 3]),
};

describe("nodeCodec", () => {
  it("reads every numpy fixture by random access and as a stream", async () => {
    for (const [path, fx] of Object.entries(expected.npz)) {
      const bytes = readFixture(path);
      const npz = await NpzReader.open(bytes, { codec: nodeCodec });
      for (const [key, m] of Object.entries(fx.members)) expect(sha256(await npz.bytes(key))).toBe(m.sha256);
      const streamed = await readNpzStream(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), {
        codec: nodeCodec,
      });
      expect([...streamed.keys()].sort()).toEqual(npz.names().sort());
    }
  });

  it("uses zlib's CRC-32 when Node has it", () => {
    expect(nodeCodec.crc32?.(new TextEncoder().encode("123456789"), 0) ?? 0xcbf43926).toBe(0xcbf43926);
  });
});

describe("files", () => {
  it("openNpzFile reads members on demand and closes the file", async () => {
    const npz = await openNpzFile(join(fixturesDir, "npz/savez-compressed.npz"));
    try {
      expect(npz.names()).toContain("ints");
      expect((await npz.header("ints")).shape).toEqual([2, 3]);
      expect(Array.from((await npz.get("ints")).data as Int32Array)).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      await npz.close();
    }
  });

  it("openNpzFile on a missing file is IO_ERROR", async () => {
    await expect(openNpzFile(join(tmp, "missing.npz"))).rejects.toSatisfy((e) => isNpyError(e, "IO_ERROR"));
  });

  it("writeNpzFile writes atomically and loadNpzFile reads it back", async () => {
    const file = join(tmp, "out.npz");
    await writeNpzFile(file, { big, small }, { compress: true });
    const got = await loadNpzFile(file);
    expect(Array.from((got.get("big") as NpyArray).data as Float64Array)).toEqual(
      Array.from(big.data as Float64Array),
    );
    expect(Array.from((got.get("small") as NpyArray).data as Int16Array)).toEqual([1, -2, 3]);
    expect(readdirSync(tmp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a failed writeNpzFile leaves the old file untouched and no temporary file", async () => {
    const file = join(tmp, "keep.npz");
    writeFileSync(file, "old");
    const bad = { ...small, shape: [4] };
    await expect(writeNpzFile(file, { ok: small, bad })).rejects.toSatisfy((e) =>
      isNpyError(e, "SHAPE_MISMATCH"),
    );
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(readdirSync(tmp).filter((f) => f.startsWith("keep.npz."))).toEqual([]);
  });

  it("writeNpzFile refuses a NUL in a name before it creates any file", async () => {
    const file = join(tmp, "nul.npz");
    await expect(writeNpzFile(file, { ok: small, "a\0b": small })).rejects.toSatisfy((e) =>
      isNpyError(e, "INVALID_ARGUMENT"),
    );
    expect(readdirSync(tmp).filter((f) => f.startsWith("nul.npz"))).toEqual([]);
    // checked before opening: into a missing directory it is still INVALID_ARGUMENT, not IO_ERROR
    await expect(writeNpzFile(join(tmp, "no/such/dir.npz"), { "\0": small })).rejects.toSatisfy((e) =>
      isNpyError(e, "INVALID_ARGUMENT"),
    );
  });

  it("writeNpzFile into a missing directory is IO_ERROR", async () => {
    await expect(writeNpzFile(join(tmp, "no/such/dir.npz"), { small })).rejects.toSatisfy((e) =>
      isNpyError(e, "IO_ERROR"),
    );
    expect(existsSync(join(tmp, "no"))).toBe(false);
  });

  it("saveNpzAsync equals what our reader and numpy read", async () => {
    const bytes = await saveNpzAsync({ big, small }, { compress: true });
    const npz = await NpzReader.open(bytes);
    expect(npz.entries().map((e) => e.method)).toEqual([8, 8]);
    expect(Array.from((await npz.get("small")).data as Int16Array)).toEqual([1, -2, 3]);
    if (!hasNumpy) return;
    const file = join(tmp, "async.npz");
    writeFileSync(file, bytes);
    const out = execFileSync("python3", [
      "-c",
      "import sys, numpy as np\nz = np.load(sys.argv[1])\nprint(z['big'].shape, z['small'].tolist(), float(z['big'][2, 3]))",
      file,
    ]);
    expect(out.toString().trim()).toBe(`(300, 100) [1, -2, 3] ${Math.sin(203) * 1000}`);
  });
});
