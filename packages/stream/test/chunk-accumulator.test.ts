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
          const acc = new ChunkAccumulator(size, available);
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
