/**
 * Property tests across the packages (fast-check, fixed seed): an arbitrary dtype × shape × order ×
 * data survives every writer → reader pair — save → parse / readNpy / load, NpyEncoderStream →
 * NpyDecoderStream in random chunks, saveNpz → NpzReader / readNpzStream / loadNpz — as identical
 * data. Data comes from random bytes decoded by the dtype, so every bit pattern numpy could hold
 * (NaN payloads, subnormals, NaT, any byte in S and V) is reached without a generator per type.
 */
import {
  concatData,
  type DType,
  decode,
  type NpyArray,
  type NpyData,
  parseDescr,
  sliceData,
} from "@npyio/dtype";
import { isNpyError } from "@npyio/header";
import { NpzReader } from "@npyio/npz";
import { readNpzStream } from "@npyio/npz/stream";
import { NpyDecoderStream, NpyEncoderStream, readNpy } from "@npyio/stream";
import fc from "fast-check";
import { load, loadNpz, parse, save, saveNpz } from "npyio";
import { describe, expect, it } from "vitest";
import { diffData } from "../src/round-trip.js";

const SEED = 20261126;
const RUNS = 60;

// --- arbitraries -------------------------------------------------------------------------------

const order = fc.constantFrom("<", ">");
const numeric = fc.oneof(
  fc.constantFrom("|b1", "|i1", "|u1"),
  fc
    .tuple(order, fc.constantFrom("i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"))
    .map(([o, t]) => o + t),
);
const unit = fc.constantFrom("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as");
const scalar = fc.oneof(
  { weight: 6, arbitrary: numeric },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((n) => `|S${n}`) },
  { weight: 1, arbitrary: fc.tuple(order, fc.integer({ min: 1, max: 5 })).map(([o, n]) => `${o}U${n}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => `|V${n}`) },
  {
    weight: 1,
    arbitrary: fc.tuple(order, fc.constantFrom("M8", "m8"), unit).map(([o, k, u]) => `${o}${k}[${u}]`),
  },
);
type D = string | [string, D, number[]?][];
const subShape = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 });
const descr: fc.Arbitrary<D> = fc.letrec<{ d: D }>((tie) => ({
  d: fc.oneof(
    { weight: 4, arbitrary: scalar },
    {
      weight: 1,
      depthSize: "small",
      arbitrary: fc
        .uniqueArray(
          fc.tuple(
            fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/),
            tie("d"),
            fc.option(subShape, { nil: undefined }),
          ),
          {
            minLength: 1,
            maxLength: 4,
            selector: ([name]) => name,
          },
        )
        .map((fields) => fields.map(([n, d, s]): [string, D, number[]?] => (s ? [n, d, s] : [n, d]))),
    },
  ),
})).d;

const shape = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });

/** An arbitrary array: its data is random bytes decoded by the dtype. */
const array: fc.Arbitrary<NpyArray> = fc
  .record({ descr, shape, fortranOrder: fc.boolean(), seed: fc.integer() })
  .chain(({ descr, shape, fortranOrder }) => {
    const dtype = parseDescr(descr as never) as DType;
    const n = shape.reduce((a, b) => a * b, 1);
    return fc
      .uint8Array({ minLength: n * dtype.itemsize, maxLength: n * dtype.itemsize })
      .map((bytes) => ({ dtype, shape, fortranOrder, bytes }));
  })
  .map(({ dtype, shape, fortranOrder, bytes }) => {
    let data: NpyData;
    try {
      data = decode(dtype, bytes, { copy: true });
    } catch (err) {
      // random bytes may not be valid data (a U code point past 0x10FFFF): such an input is skipped
      if (isNpyError(err, "BAD_DATA")) return undefined;
      throw err;
    }
    return { dtype, shape, fortranOrder, data };
  })
  .filter((a): a is NpyArray => a !== undefined);

/** Chunk boundaries for a byte length: random cut points. */
const cuts = fc.array(fc.nat(), { maxLength: 12 });

function split(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...at, bytes.length]) {
    out.push(bytes.slice(from, p));
    from = p;
  }
  return out;
}

const streamOf = (parts: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(p);
      c.close();
    },
  });

function expectSame(a: NpyArray, b: NpyArray): void {
  expect([b.dtype.descr, b.shape, b.fortranOrder]).toEqual([a.dtype.descr, a.shape, a.fortranOrder]);
  expect(diffData(a.data, b.data)).toBeUndefined();
}

const params = { seed: SEED, numRuns: RUNS };

// --- properties --------------------------------------------------------------------------------

describe("round trips across packages (fast-check, seed 20261126)", () => {
  it("save → parse, readNpy and load give the same array", async () => {
    await fc.assert(
      fc.asyncProperty(array, async (a) => {
        const bytes = save(a);
        expectSame(a, parse(bytes));
        expectSame(a, await readNpy(bytes));
        const loaded = await load(bytes);
        expect(loaded instanceof Map).toBe(false);
        expectSame(a, loaded as NpyArray);
        // and writing what was read gives the same bytes
        expect(save(parse(bytes))).toEqual(bytes);
      }),
      params,
    );
  });

  it("save → readNpy and NpyDecoderStream over random chunks", async () => {
    await fc.assert(
      fc.asyncProperty(array, cuts, fc.integer({ min: 1, max: 64 }), async (a, points, chunkBytes) => {
        const bytes = save(a);
        expectSame(a, await readNpy(streamOf(split(bytes, points))));
        const decoder = new NpyDecoderStream({ chunkBytes });
        const parts: NpyData[] = [];
        let next = 0;
        const reader = streamOf(split(bytes, points)).pipeThrough(decoder).getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          const chunk = r.value;
          expect(chunk.offset).toBe(next);
          next += chunk.length;
          parts.push(chunk.data);
        }
        const header = await decoder.header;
        expectSame(a, { ...header, data: concatData(header.dtype, parts) });
      }),
      params,
    );
  });

  it("NpyEncoderStream from data in random slices writes save()'s bytes", async () => {
    await fc.assert(
      fc.asyncProperty(array, cuts, async (a, points) => {
        const n = a.shape.reduce((x, y) => x * y, 1);
        const at = [...new Set(points.map((p) => p % (n + 1)))].sort((x, y) => x - y);
        const slices: NpyData[] = [];
        let from = 0;
        for (const p of [...at, n]) {
          slices.push(sliceData(a.dtype, a.data, from, p));
          from = p;
        }
        const encoder = new NpyEncoderStream({
          dtype: a.dtype,
          shape: a.shape,
          fortranOrder: a.fortranOrder,
        });
        const written = new Uint8Array(
          await new Response(
            new ReadableStream<NpyData>({
              start(c) {
                for (const s of slices) c.enqueue(s);
                c.close();
              },
            }).pipeThrough(encoder),
          ).arrayBuffer(),
        );
        expect(written).toEqual(save(a));
      }),
      params,
    );
  });

  it("saveNpz → NpzReader, readNpzStream (random chunks) and loadNpz", async () => {
    const arrays = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/), array), {
      minLength: 0,
      maxLength: 4,
      selector: ([k]) => k,
    });
    await fc.assert(
      fc.asyncProperty(arrays, fc.boolean(), cuts, async (members, compress, points) => {
        const bytes = saveNpz(new Map(members), { compress });
        const reader = await NpzReader.open(bytes);
        expect(reader.names()).toEqual(members.map(([k]) => k));
        for (const [key, a] of members) expectSame(a, await reader.get(key));
        const streamed = await readNpzStream(streamOf(split(bytes, points)));
        const loaded = await loadNpz(bytes);
        for (const [key, a] of members) {
          expectSame(a, streamed.get(key) as NpyArray);
          expectSame(a, loaded.get(key)!);
        }
        expect(streamed.size).toBe(members.length);
      }),
      { ...params, numRuns: 30 },
    );
  });
});
