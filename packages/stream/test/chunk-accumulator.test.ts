/** ChunkAccumulator: one exact-size buffer from chunks of any size, each byte copied once. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChunkAccumulator } from "../src/chunk-accumulator.js";

/** Splits `bytes` at the given cut points (sorted, deduplicated). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    parts.push(bytes.subarray(from, c));
    from = c;
  }
  return parts;
}

/** Byte equality without vitest's element-by-element diffing, which takes seconds on MiBs. */
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff);

describe("ChunkAccumulator", () => {
  it.each([
    ["a small array, known length", 1000, 1000],
    ["a small array, unknown length", 1000, undefined],
    ["3 MiB, known length", 3 << 20, 3 << 20],
    ["3 MiB, unknown length", 3 << 20, undefined],
  ])("%s: any chunking gives the bytes in order, in a buffer of their own", (_, size, available) => {
    const data = pattern(size);
    fc.assert(
      fc.property(
        fc.array(fc.nat(size), { maxLength: 40 }),
        fc.array(fc.nat(4096), { maxLength: 300 }),
        (cuts, tiny) => {
          // tiny chunks near the start, then arbitrary cuts: both the gathering and the holding paths
          const acc = new ChunkAccumulator(size, available === undefined ? {} : { available });
          const head = Math.min(
            size,
            tiny.reduce((a, b) => a + b, 0),
          );
          const chunks = [
            ...split(
              data.subarray(0, head),
              tiny.map((_, i) => i * 7),
            ),
            ...split(data.subarray(head), cuts),
          ];
          for (const c of chunks) expect(acc.push(c)).toBe(c.length);
          expect(acc.full).toBe(true);
          const out = acc.bytes();
          expect(out.byteOffset).toBe(0);
          expect(out.buffer.byteLength).toBe(size);
          expect(same(out, data)).toBe(true);
        },
      ),
      { numRuns: size > 1e6 ? 15 : 60 },
    );
  });

  it("takes no more than its size, and reports what it took", () => {
    const acc = new ChunkAccumulator(5);
    expect(acc.push(pattern(3))).toBe(3);
    expect(acc.push(pattern(4))).toBe(2);
    expect(acc.push(pattern(4))).toBe(0);
    expect(acc.bytes()).toEqual(Uint8Array.from([...pattern(3), ...pattern(2)]));
  });

  it("a short input can be read back before the end, and keeps accumulating after", () => {
    const size = 4 << 20;
    const data = pattern(size);
    const acc = new ChunkAccumulator(size);
    acc.push(data.subarray(0, 1000));
    acc.push(data.subarray(1000, 70_000));
    expect(same(acc.bytes(), data.subarray(0, 70_000))).toBe(true);
    expect(acc.filled).toBe(70_000);
    acc.push(data.subarray(70_000));
    expect(acc.full).toBe(true);
    expect(same(acc.bytes(), data)).toBe(true);
  });

  it("a zero-size array is full at once", () => {
    const acc = new ChunkAccumulator(0);
    expect(acc.full).toBe(true);
    expect(acc.push(pattern(3))).toBe(0);
    expect(acc.bytes().length).toBe(0);
  });
});

/** Bytes copied by Uint8Array.prototype.set (every copy the accumulator makes) while `fn` runs. */
function bytesCopied(fn: () => void): number {
  const set = Uint8Array.prototype.set;
  let copied = 0;
  Uint8Array.prototype.set = function (this: Uint8Array, source: ArrayLike<number>, offset?: number) {
    copied += source.length;
    return set.call(this, source, offset);
  };
  try {
    fn();
  } finally {
    Uint8Array.prototype.set = set;
  }
  return copied;
}

const pushAll = (acc: ChunkAccumulator, chunks: Uint8Array[]) => {
  for (const c of chunks) acc.push(c);
};

/** `data` in chunks of `chunk` bytes, each in an ArrayBuffer of its own, as streams hand them over. */
function chunksOf(data: Uint8Array, chunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  // tiny chunks are gathered whatever their buffer, so views do (an ArrayBuffer each takes seconds)
  for (let at = 0; at < data.length; at += chunk)
    chunks.push(chunk < 4096 ? data.subarray(at, at + chunk) : data.slice(at, at + chunk));
  return chunks;
}

describe("ChunkAccumulator copies", () => {
  const size = (1 << 20) + 3; // past the 1 MiB that is always allocated at once
  const data = pattern(size);
  const CHUNKS = [1, 7, 1000, 4096, 16384, 65536, 1 << 20];

  it.each(CHUNKS)("each byte once, with %i-byte chunks, when the size is accepted up front", (chunk) => {
    for (const options of [{ preallocate: true }, { available: size }]) {
      const chunks = chunksOf(data, chunk);
      const acc = new ChunkAccumulator(size, options);
      expect(bytesCopied(() => pushAll(acc, chunks))).toBe(size);
      expect(same(acc.bytes(), data)).toBe(true);
    }
  });

  it.each(CHUNKS)(
    "with %i-byte chunks and no length: once from 4 KiB up, never more than 1.25 times",
    (chunk) => {
      const chunks = chunksOf(data, chunk);
      const acc = new ChunkAccumulator(size);
      const copied = bytesCopied(() => pushAll(acc, chunks));
      if (chunk >= 4096) expect(copied).toBe(size);
      else {
        // chunks this small are gathered into blocks until a quarter has arrived: those bytes twice
        expect(copied).toBeGreaterThan(size);
        expect(copied).toBeLessThanOrEqual(size + Math.ceil(size / 4) + chunk);
      }
      expect(same(acc.bytes(), data)).toBe(true);
    },
  );

  it("copies a chunk that is a view into a far larger buffer rather than keep that buffer alive", () => {
    const big = new Uint8Array(1 << 20);
    const acc = new ChunkAccumulator(size);
    // 8 KiB views of a 1 MiB buffer: held by reference they would pin 128 times their size
    expect(bytesCopied(() => acc.push(big.subarray(0, 8192)))).toBe(8192);
  });

  it("allocates nothing near a declared terabyte for the few bytes that arrived", () => {
    const before = process.memoryUsage().arrayBuffers;
    const acc = new ChunkAccumulator(2 ** 40);
    for (let i = 0; i < 16; i++) acc.push(pattern(64 << 10));
    // the 1 MiB pushed, and its chunks: nothing like the declared size (or a RangeError)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 << 20);
    expect(acc.filled).toBe(1 << 20);
  });
});

describe("ChunkAccumulator with swapWidth", () => {
  it.each([2, 4, 8])("any chunking gives the %i-byte units reversed, known length or not", (width) => {
    const size = (1 << 20) + 4096 * width; // over 1 MiB, so held chunks are swapped when gathered
    const data = pattern(size);
    const want = data.slice();
    for (let i = 0; i < size; i += width) want.subarray(i, i + width).reverse();
    fc.assert(
      fc.property(fc.array(fc.nat(size), { maxLength: 30 }), fc.boolean(), (cuts, known) => {
        const acc = new ChunkAccumulator(size, { swapWidth: width, ...(known ? { available: size } : {}) });
        for (const c of split(data, cuts)) acc.push(c);
        expect(same(acc.bytes(), want)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it("a partial read gives the whole units swapped, and later chunks are still swapped once", () => {
    const size = 3 << 20;
    const data = pattern(size);
    const acc = new ChunkAccumulator(size, { swapWidth: 4 });
    acc.push(data.subarray(0, 10));
    expect([...acc.bytes()]).toEqual([
      ...data.slice(0, 4).reverse(),
      ...data.slice(4, 8).reverse(),
      ...data.subarray(8, 10),
    ]);
    acc.push(data.subarray(10));
    const want = data.slice();
    for (let i = 0; i < size; i += 4) want.subarray(i, i + 4).reverse();
    expect(same(acc.bytes(), want)).toBe(true);
  });
});
