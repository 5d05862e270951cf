/** decode ∘ encode on random dtypes (structs, subarrays, every kind and byte order) and random data. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatData, dataByteLength, decode, elementCount, encode, sliceData } from "../src/index.js";
import { cases, countable } from "./arbitraries.js";
import { canonical } from "./canonical.js";

describe("decode ∘ encode on random dtypes", () => {
  it("encode(decode(bytes)) returns the bytes, at any offset and with any options", () => {
    fc.assert(
      fc.property(cases, ({ dtype, bytes, n, float16, bytesAs, copy, inPlace }) => {
        // in-place decoding may overwrite its input: give it a twin at the same offset
        const input = inPlace ? new Uint8Array(bytes.buffer.slice(0), bytes.byteOffset, bytes.length) : bytes;
        const data = decode(dtype, input, { float16, bytesAs, copy, inPlace, count: n });
        expect(encode(dtype, data, { count: n })).toEqual(bytes);
        const known = countable(dtype) ? n : 0;
        expect(elementCount(dtype, data)).toBe(known);
        expect(dataByteLength(dtype, data)).toBe(known * dtype.itemsize);
      }),
      { numRuns: 300 },
    );
  });

  it("decode(encode(data)) gives data back, bit for bit", () => {
    fc.assert(
      fc.property(cases, ({ dtype, bytes, n }) => {
        const data = decode(dtype, bytes, { count: n });
        const again = decode(dtype, encode(dtype, data, { count: n }), { count: n });
        expect(canonical(dtype, again, n)).toEqual(canonical(dtype, data, n));
      }),
      { numRuns: 200 },
    );
  });

  it("slices concatenate back to the whole", () => {
    fc.assert(
      fc.property(cases, fc.nat(), ({ dtype, bytes, n }, cut) => {
        const data = decode(dtype, bytes, { count: n });
        const k = n === 0 ? 0 : cut % (n + 1);
        const parts = [sliceData(dtype, data, 0, k), sliceData(dtype, data, k, n)];
        if (countable(dtype)) expect(parts.map((p) => elementCount(dtype, p))).toEqual([k, n - k]);
        expect(encode(dtype, concatData(dtype, parts), { count: n })).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });
});
