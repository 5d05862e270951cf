/** The Node entry: native zlib engine, file reader, parallel writer, atomic file writer. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import zlib from "node:zlib";
import type { NpyArray } from "@npyio/dtype";
import { parseDescr } from "@npyio/dtype";
import { isNpyError, serializeHeader } from "@npyio/header";
import { afterAll, describe, expect, it } from "vitest";
import { expected, fixturesDir, readFixture } from "../../../fixtures/index.js";
import { noisyBytes } from "../../../fixtures/noisy-bytes.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { saveNpz } from "../src/index.node.js";
import { loadNpzFile, nodeCodec, openNpzFile, saveNpzAsync, writeNpzFile } from "../src/node.js";
import { readNpzStream } from "../src/npz-decoder-stream.js";
import { NpzReader } from "../src/npz-reader.js";
import { saveNpz as saveNpzPortable } from "../src/save-npz.js";

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

describe("saveNpz of the Node entry (node:zlib, synchronous)", () => {
  const empty: NpyArray = {
    dtype: parseDescr("<f4"),
    shape: [0],
    fortranOrder: false,
    data: new Float32Array(0),
  };
  /** What native zlib makes of a member: its header deflated and sync-flushed, then its data finished. */
  const zlibSize = (a: NpyArray, level: number) =>
    zlib.deflateRawSync(
      serializeHeader({ descr: a.dtype.descr, fortranOrder: a.fortranOrder, shape: a.shape }),
      {
        level,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      },
    ).length + zlib.deflateRawSync(a.data as Float64Array, { level }).length;

  it.each([1, 6, 9])(
    "level %i: members are native zlib's deflate streams, and numpy reads them",
    async (level) => {
      const bytes = saveNpz({ big, small, empty }, { compress: true, level });
      const npz = await NpzReader.open(bytes);
      expect(npz.entries().map((e) => [e.method, e.compressedSize])).toEqual(
        [big, small, empty].map((a) => [8, zlibSize(a, level)]),
      );
      // the same arrays as the portable (fflate) writer's archive, in other deflate streams
      const portable = await NpzReader.open(
        saveNpzPortable({ big, small, empty }, { compress: true, level }),
      );
      for (const key of ["big", "small", "empty"])
        expect(await npz.bytes(key)).toEqual(await portable.bytes(key));
      expect(bytes).not.toEqual(saveNpzPortable({ big, small, empty }, { compress: true, level }));
      if (!hasNumpy) return;
      const file = join(tmp, `sync-${level}.npz`);
      writeFileSync(file, bytes);
      const out = execFileSync("python3", [
        "-c",
        "import sys, numpy as np\nz = np.load(sys.argv[1])\nprint(z['big'].shape, z['small'].tolist(), z['empty'].shape, float(z['big'][2, 3]))",
        file,
      ]);
      expect(out.toString().trim()).toBe(`(300, 100) [1, -2, 3] (0,) ${Math.sin(203) * 1000}`);
    },
  );

  it("stored archives are the portable writer's bytes", () => {
    expect(saveNpz({ big, small, empty })).toEqual(saveNpzPortable({ big, small, empty }));
  });
});

describe("loadNpzFile of members past 1 MiB compressed (read in pieces into the inflater)", () => {
  const noise: NpyArray = {
    dtype: parseDescr("|u1"),
    shape: [3_000_001],
    fortranOrder: false,
    data: noisyBytes(3_000_001, 11),
  };

  it("reads what numpy's savez_compressed wrote, value for value", async () => {
    if (!hasNumpy) return; // requireNumpy printed why (never in CI)
    const file = join(tmp, "numpy-big.npz");
    execFileSync("python3", [
      "-c",
      "import sys, numpy as np\nr = np.random.default_rng(5)\nnp.savez_compressed(sys.argv[1], a=r.standard_normal(700_003), b=np.arange(900_001, dtype='>i4'))",
      file,
    ]);
    const want = execFileSync("python3", [
      "-c",
      "import sys, hashlib, numpy as np\nz = np.load(sys.argv[1])\nprint(hashlib.sha256(z['a'].tobytes()).hexdigest(), hashlib.sha256(z['b'].astype('<i4').tobytes()).hexdigest())",
      file,
    ])
      .toString()
      .trim();
    const npz = await NpzReader.open(readFileSync(file));
    expect(npz.entries().every((e) => e.compressedSize > 1 << 20)).toBe(true);
    const got = await loadNpzFile(file);
    const a = (got.get("a") as NpyArray).data as Float64Array;
    const b = (got.get("b") as NpyArray).data as Int32Array;
    expect(
      `${sha256(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))} ${sha256(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))}`,
    ).toBe(want);
  });

  it("equals the whole-buffer read of the same archive", async () => {
    const file = join(tmp, "noise.npz");
    writeFileSync(file, saveNpz({ noise, small }, { compress: true }));
    const got = await loadNpzFile(file);
    expect((got.get("noise") as NpyArray).data).toEqual(noise.data);
    expect(Array.from((got.get("small") as NpyArray).data as Int16Array)).toEqual([1, -2, 3]);
  });

  /** The archive with `patch` applied to a copy; its member `noise` starts at byte 0. */
  const patched = (patch: (b: Uint8Array, npz: NpzReader) => void) => async () => {
    const bytes = saveNpz({ noise }, { compress: true });
    patch(bytes, await NpzReader.open(bytes));
    const file = join(tmp, `patched-${Math.random().toString(36).slice(2)}.npz`);
    writeFileSync(file, bytes);
    return loadNpzFile(file);
  };
  const entryOf = (npz: NpzReader) => npz.entries()[0]!;
  /** Offsets of the CRC-32 field of the member in its local header and in the central directory. */
  const crcFields = (b: Uint8Array) => {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out = [14];
    for (let i = b.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x02014b50) out.push(i + 16);
    return out;
  };

  it("a CRC-32 that does not match is CRC_MISMATCH", async () => {
    const read = patched((b) => {
      for (const at of crcFields(b)) b[at] = b[at]! ^ 0xff;
    });
    await expect(read()).rejects.toSatisfy((e) => isNpyError(e, "CRC_MISMATCH"));
  });

  it("a member that inflates past its declared size is BAD_ZIP (inflation stops there)", async () => {
    const read = patched((b) => {
      // the uncompressed size, in the local header (22) and the central directory (crc + 8)
      for (const at of crcFields(b)) new DataView(b.buffer, b.byteOffset).setUint32(at + 8, 2_000_000, true);
    });
    await expect(read()).rejects.toSatisfy(
      (e) => isNpyError(e, "BAD_ZIP") && /past its declared/.test(String(e)),
    );
  });

  it("corrupt deflate data in a later piece of the member is BAD_ZIP", async () => {
    const read = patched((b, npz) => {
      const e = entryOf(npz);
      const at = e.localHeaderOffset + 100 + (1_200_000 % e.compressedSize);
      expect(e.compressedSize).toBeGreaterThan(1_200_000);
      b.fill(0xff, at, at + 4096);
    });
    await expect(read()).rejects.toSatisfy((e) => isNpyError(e, "BAD_ZIP"));
  });
});
