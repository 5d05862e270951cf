import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Descr, type DType, decode, type NpyData, parseDescr } from "@npyio/dtype";
import { isNpyError, parseHeader } from "@npyio/header";
import { type NpyChunk, NpyDecoderStream, NpyEncoderStream, readNpy } from "@npyio/stream";
import { byteOrderStream, castStream, mapRows } from "@npyio/stream/transforms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { chunked, collect, makeNpy } from "./helpers.js";
import { python } from "./numpy.js";

const hasNumpy = requireNumpy("the castStream checks against numpy's astype");

const decodeWhole = decode as (dtype: DType, bytes: Uint8Array) => NpyData;
const wholeData = (name: string) => {
  const bytes = readFixture(name);
  const h = parseHeader(bytes);
  return decodeWhole(parseDescr(h.descr), bytes.slice(h.dataOffset));
};

/** Decodes a file in small chunks, runs it through `stages`, and returns the chunks that come out. */
function run(file: Uint8Array, ...stages: TransformStream<NpyChunk, NpyChunk>[]) {
  const source = chunked(file, 5);
  let stream = source.stream.pipeThrough(new NpyDecoderStream({ chunkBytes: 12 }));
  for (const stage of stages) stream = stream.pipeThrough(stage);
  return { chunks: collect(stream), log: source.log };
}

/** Decodes, transforms and re-encodes a file, then reads the result back whole. */
async function roundTrip(file: Uint8Array, ...stages: TransformStream<NpyChunk, NpyChunk>[]) {
  let stream = chunked(file, 5).stream.pipeThrough(new NpyDecoderStream({ chunkBytes: 12 }));
  for (const stage of stages) stream = stream.pipeThrough(stage);
  const parts = await collect(stream.pipeThrough(new NpyEncoderStream()));
  return { bytes: new Uint8Array(await new Blob(parts.map((p) => p.slice())).arrayBuffer()) };
}

describe("castStream", () => {
  it("casts f8 → f4 with { unsafe: true }, rounding as Float32Array does", async () => {
    const { bytes } = await roundTrip(readFixture("npy/f8-le.npy"), castStream("<f4", { unsafe: true }));
    const back = await readNpy(bytes);
    expect(back.dtype.descr).toBe("<f4");
    expect(back.shape).toEqual([16]);
    expect(back.data).toEqual(Float32Array.from(wholeData("npy/f8-le.npy") as Float64Array));
  });

  it("refuses f8 → f4 without unsafe (LOSSY_CAST) and cancels the source", async () => {
    const { chunks, log } = run(readFixture("npy/f8-le.npy"), castStream("<f4"));
    await expect(chunks).rejects.toSatisfy((e) => isNpyError(e, "LOSSY_CAST"));
    await new Promise((r) => setTimeout(r, 0));
    expect(log.cancelled).toBe(true);
  });

  it.each([
    ["npy/i2-le.npy", "<f4"],
    ["npy/u1.npy", "<i2"],
    ["npy/b1.npy", ">f8"],
    ["npy/i4-2d.npy", "<i8"],
    ["npy/u4-be.npy", "<f8"],
    ["npy/c8-le.npy", "<c16"],
  ])("casts %s to %s losslessly without unsafe, keeping every value", async (name, to) => {
    const { bytes } = await roundTrip(readFixture(name), castStream(to));
    const back = await readNpy(bytes);
    expect(back.dtype.descr).toBe(to);
    expect(back.shape).toEqual(expected.npy[name]!.shape);
    const want = Array.from(wholeData(name) as ArrayLike<number | bigint>, (v) => String(v));
    const got = Array.from(back.data as ArrayLike<number | bigint>, (v) => String(v));
    expect(got).toEqual(want);
  });

  it("casts with numpy's astype semantics when unsafe: truncation toward zero, 64-bit wrap", async () => {
    const floats = makeNpy("<f8", [3], new Uint8Array(new Float64Array([1.7, -1.7, 100.5]).buffer));
    const { chunks } = run(floats, castStream("|i1", { unsafe: true }));
    expect((await chunks).flatMap((c) => Array.from(c.data as Int8Array))).toEqual([1, -1, 100]);
    const { chunks: wide } = run(readFixture("npy/i8-le.npy"), castStream("<f8", { unsafe: true }));
    const values = (await wide).flatMap((c) => Array.from(c.data as Float64Array));
    expect(values.slice(0, 3)).toEqual([-(2 ** 63), 2 ** 63, 0]);
    const { chunks: toU8 } = run(readFixture("npy/i8-le.npy"), castStream("<u8", { unsafe: true }));
    const unsigned = (await toU8).flatMap((c) => Array.from(c.data as BigUint64Array));
    expect(unsigned.slice(0, 3)).toEqual([2n ** 63n, 2n ** 63n - 1n, 0n]);
  });

  it("refuses non-numeric casts with UNSUPPORTED_DTYPE, and complex → real without unsafe", async () => {
    for (const [name, to] of [
      ["npy/U6-le.npy", "<f4"],
      ["npy/M8-s.npy", "<i8"],
      ["npy/f8-le.npy", "<U3"],
    ]) {
      const { chunks } = run(readFixture(name!), castStream(to!, { unsafe: true }));
      await expect(chunks, `${name} → ${to}`).rejects.toSatisfy((e) => isNpyError(e, "UNSUPPORTED_DTYPE"));
    }
    const { chunks } = run(readFixture("npy/c8-le.npy"), castStream("<f4"));
    await expect(chunks).rejects.toSatisfy((e) => isNpyError(e, "LOSSY_CAST"));
  });
});

describe.skipIf(!hasNumpy)("castStream against numpy's astype", () => {
  // numpy writes each source (edge values and random ones of every magnitude) and its astype;
  // 301 elements, decoded in chunks of 12 bytes (1 to 12 elements), which straddle numpy's blocks of
  // 4 and 128 elements
  const PAIRS = [
    ["<f8", "<u4"],
    ["<f8", ">u4"],
    [">f4", "<u4"],
    ["<c8", "<u4"],
    [">c16", "<u4"],
    ["<c16", ">u4"],
    ["<f8", "<i2"],
    ["<f8", "<i4"],
    ["<f8", "<u8"],
    ["<f8", ">i8"],
    ["<f8", "<f2"],
    ["<f8", "|b1"],
    ["<i8", "<i2"],
    ["<u8", "<u4"],
    ["<i8", "<f4"],
    ["<u8", "<f8"],
    [">c16", "<f4"],
    ["<f2", "<u1"],
    ["<f4", "<c16"],
    ["|u1", "<c8"],
  ] as const;
  const dir = mkdtempSync(join(tmpdir(), "npyio-cast-stream-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = PAIRS.map(([from, to], i) => ({
    from,
    to,
    source: join(dir, `${i}.npy`),
    want: join(dir, `${i}-astype.npy`),
  }));

  // one python3 process writes every source and its astype
  beforeAll(() => {
    python(
      `
import json, sys, warnings
import numpy as np
warnings.simplefilter("ignore")
rng = np.random.default_rng(20)
edges = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 0.5, -0.5, 1.5, 2.5, 1e10, -1e10, 2.0**31, -2.0**31 - 1,
         2.0**32 + 5, 2.0**53 + 1, 2.0**63, -2.0**63, 2.0**64, 1e20, -1e20, 65520.0, 300.5, -300.5]
for case in json.loads(sys.argv[1]):
    dtype = np.dtype(case["from"])
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        a = rng.integers(info.min, info.max, size=301, dtype=dtype, endpoint=True)
        a[:4] = [info.min, info.max, 0, 2**53 + 1 if dtype.itemsize == 8 else 1]
    else:
        # every third element random (of every magnitude), the others the edges over and over
        a = rng.standard_normal(301) * 10.0 ** rng.integers(0, 22, 301)
        mask = np.arange(301) % 3 != 0
        a[mask] = np.resize(edges, mask.sum())
        a = a.astype(dtype)
        if dtype.kind == "c":
            a.imag = np.roll(a.real, 1)
    np.save(case["source"], a)
    np.save(case["want"], a.astype(case["to"]))
`,
      JSON.stringify(files),
    );
  });

  it.each(files)("$from → $to, chunk by chunk, gives numpy's bytes", async ({ to, source, want }) => {
    const { bytes } = await roundTrip(new Uint8Array(readFileSync(source)), castStream(to, { unsafe: true }));
    const expected = new Uint8Array(readFileSync(want));
    const [ours, theirs] = [parseHeader(bytes), parseHeader(expected)];
    expect([ours.descr, ours.shape]).toEqual([theirs.descr, theirs.shape]);
    expect(Buffer.from(bytes.subarray(ours.dataOffset)).equals(expected.subarray(theirs.dataOffset))).toBe(
      true,
    );
  });
});

describe("byteOrderStream", () => {
  it.each([
    ["npy/f8-le.npy", ">", "npy/f8-be.npy"],
    ["npy/f8-be.npy", "<", "npy/f8-le.npy"],
    ["npy/i4-le.npy", ">", "npy/i4-be.npy"],
    ["npy/U6-le.npy", ">", "npy/U6-be.npy"],
  ] as const)("%s → %s gives numpy's %s byte for byte", async (from, order, to) => {
    const { bytes } = await roundTrip(readFixture(from), byteOrderStream(order));
    expect(bytes).toEqual(readFixture(to));
  });

  it("sets every field of a struct, keeping the values", async () => {
    const name = "npy/struct-mixed-endian.npy";
    const { bytes } = await roundTrip(readFixture(name), byteOrderStream("<"));
    const back = await readNpy(bytes);
    expect(JSON.stringify(back.dtype.descr)).not.toContain(">");
    expect(back.data).toEqual(wholeData(name));
  });

  it("sets the base of a subarray dtype parsed from a (descr, shape) tuple", async () => {
    const dtype = parseDescr(["<i4", [2]] as unknown as Descr);
    const data = Int32Array.of(1, -2, 3, 70000);
    const header = { descr: dtype.descr, dtype, shape: [2], fortranOrder: false };
    const chunks = new ReadableStream<NpyChunk>({
      start(c) {
        c.enqueue({ header, data, offset: 0, length: 2 } as unknown as NpyChunk);
        c.close();
      },
    });
    const parts = await collect(chunks.pipeThrough(byteOrderStream(">")).pipeThrough(new NpyEncoderStream()));
    const back = await readNpy(new Uint8Array(await new Blob(parts.map((p) => p.slice())).arrayBuffer()));
    // numpy folds a subarray dtype into the shape on read; npyio keeps it, and the values are unchanged
    expect(back.dtype.descr).toEqual({ base: ">i4", shape: [2] });
    expect(back.data).toEqual(data);
  });

  it("rejects an unknown order with INVALID_ARGUMENT", () => {
    expect(() => byteOrderStream("big" as "<")).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});

describe("mapRows", () => {
  it("maps each row, joining rows split across chunks, into a new dtype and row shape", async () => {
    // i4-2d is (3, 4) holding 0..11; chunks of 3 elements split every row
    const sum = (row: NpyData) => BigInt64Array.of(BigInt((row as Int32Array).reduce((a, b) => a + b, 0)));
    const { bytes } = await roundTrip(
      readFixture("npy/i4-2d.npy"),
      mapRows(sum, { dtype: "<i8", rowShape: [] }),
    );
    const back = await readNpy(bytes);
    expect(back.shape).toEqual([3]);
    expect(back.data).toEqual(BigInt64Array.of(6n, 22n, 38n));
  });

  it("passes the row index and keeps the input dtype by default", async () => {
    const firstTwo = (row: NpyData, i: number) => (row as Int32Array).slice(0, 2).map((v) => v * 100 + i);
    const { bytes } = await roundTrip(readFixture("npy/i4-2d.npy"), mapRows(firstTwo, { rowShape: [2] }));
    const back = await readNpy(bytes);
    expect(back.shape).toEqual([3, 2]);
    expect(Array.from(back.data as Int32Array)).toEqual([0, 100, 401, 501, 802, 902]);
  });

  it("fails with SHAPE_MISMATCH when the function returns the wrong number of elements", async () => {
    const { chunks } = run(
      readFixture("npy/i4-2d.npy"),
      mapRows(() => new Int32Array(3)),
    );
    await expect(chunks).rejects.toSatisfy((e) => isNpyError(e, "SHAPE_MISMATCH"));
  });

  it("refuses Fortran-order and 0-d arrays with INVALID_ARGUMENT", async () => {
    for (const name of ["npy/i4-2d-fortran.npy", "npy/f8-0d.npy"]) {
      const { chunks } = run(
        readFixture(name),
        mapRows((row) => row),
      );
      await expect(chunks, name).rejects.toSatisfy((e) => isNpyError(e, "INVALID_ARGUMENT"));
    }
  });
});
