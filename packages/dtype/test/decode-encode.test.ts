import type { NpyErrorCode } from "@npyio/header";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { complexParts, inferDType, interleaveComplex } from "../src/convert.js";
import {
  concatData,
  type Descr,
  decode,
  type EncodableData,
  encode,
  type NpyData,
  parseDescr,
  sliceData,
} from "../src/index.js";
import { npyErrorOf } from "./npy-error-of.js";

const fixture = (path: string) => {
  const f = expected.npy[path]!;
  return { dtype: parseDescr(f.descr as Descr), bytes: readFixture(path).subarray(f.dataOffset) };
};

describe("views and copies", () => {
  it("native-endian aligned data is a view on the input; { copy: true } owns its memory", () => {
    const { dtype, bytes } = fixture("npy/f8-le.npy");
    const view = decode(dtype, bytes) as Float64Array;
    expect(view.buffer).toBe(bytes.buffer);
    expect(view.byteOffset).toBe(bytes.byteOffset);
    const own = decode(dtype, bytes, { copy: true }) as Float64Array;
    expect(own.buffer).not.toBe(bytes.buffer);
    expect(own).toEqual(view);
  });

  it("accepts a Uint8Array from another realm", async () => {
    const { runInNewContext } = await import("node:vm");
    const foreign = runInNewContext("new Uint8Array([0, 0, 128, 63])") as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(Array.from(decode(parseDescr("<f4"), foreign) as Float32Array)).toEqual([1]);
  });

  it("copies when the input offset does not suit the typed array", () => {
    const { dtype, bytes } = fixture("npy/f8-le.npy");
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const data = decode(dtype, shifted) as Float64Array;
    expect(data.buffer).not.toBe(shifted.buffer);
    expect(encode(dtype, data)).toEqual(bytes);
  });

  it("big-endian data is swapped into a new buffer, or into the input with { inPlace: true }", () => {
    const { dtype, bytes } = fixture("npy/f8-be.npy");
    const fresh = decode(dtype, bytes) as Float64Array;
    expect(fresh.buffer).not.toBe(bytes.buffer);
    const mine = bytes.slice();
    const swapped = decode(dtype, mine, { inPlace: true }) as Float64Array;
    expect(swapped.buffer).toBe(mine.buffer);
    expect(Array.from(swapped)).toEqual(Array.from(fresh).map((x) => x));
    expect(mine).not.toEqual(bytes);
  });

  it("encode returns a view of native-endian typed arrays and a swapped copy for big-endian", () => {
    const data = new Int32Array([1, -2, 3]);
    const le = encode(parseDescr("<i4"), data);
    expect(le.buffer).toBe(data.buffer);
    const be = encode(parseDescr(">i4"), data);
    expect(Array.from(be)).toEqual([0, 0, 0, 1, 255, 255, 255, 254, 0, 0, 0, 3]);
    expect(Array.from(data)).toEqual([1, -2, 3]);
  });
});

describe("kind-specific decoding", () => {
  it("bools: nonzero bytes read as 1 (as numpy does), encoding writes 0/1", () => {
    const dtype = parseDescr("|b1");
    expect(Array.from(decode(dtype, new Uint8Array([0, 2, 255, 1])) as Uint8Array)).toEqual([0, 1, 1, 1]);
    expect(Array.from(encode(dtype, new Uint8Array([0, 7])))).toEqual([0, 1]);
  });

  it("f2: Float16Array where available, Float32Array with exact values, or raw bits", () => {
    const { dtype, bytes } = fixture("npy/f2-le.npy");
    const auto = decode(dtype, bytes);
    const name =
      typeof (globalThis as { Float16Array?: unknown }).Float16Array === "function"
        ? "Float16Array"
        : "Float32Array";
    expect(auto.constructor.name).toBe(name);
    const single = decode(dtype, bytes, { float16: "float32" }) as Float32Array;
    expect(single.constructor.name).toBe("Float32Array");
    expect(Array.from(single.subarray(0, 4))).toEqual([0, -0, 1, -1.5]);
    const bits = decode(dtype, bytes, { float16: "bits" }) as Uint16Array;
    expect(bits.constructor.name).toBe("Uint16Array");
    expect(bits[2]).toBe(0x3c00);
    expect(encode(dtype, single)).toEqual(bytes);
    expect(encode(dtype, bits)).toEqual(bytes);
  });

  it("every float16 bit pattern survives float32 and back", () => {
    const dtype = parseDescr("<f2");
    const all = new Uint16Array(65536).map((_, i) => i);
    const bytes = new Uint8Array(all.buffer);
    expect(encode(dtype, decode(dtype, bytes, { float16: "float32" }))).toEqual(bytes);
  });

  it("S: trailing NULs stripped, embedded kept; { bytesAs: 'bytes' } gives full-width bytes", () => {
    const { dtype, bytes } = fixture("npy/S5.npy");
    expect(decode(dtype, bytes)).toEqual(["", "abc", "abcde", "a\u0000b", "éÿ\u0001"]);
    const raw = decode(dtype, bytes, { bytesAs: "bytes" }) as Uint8Array[];
    expect(raw.map((b) => b.length)).toEqual([5, 5, 5, 5, 5]);
    expect(Array.from(raw[3]!)).toEqual([97, 0, 98, 0, 0]);
    expect(encode(dtype, raw)).toEqual(bytes);
  });

  it("U: astral characters both ways, lone surrogates kept", () => {
    const dtype = parseDescr(">U3");
    const text = ["😀x", "\ud800", "𝄞水", ""];
    const bytes = encode(dtype, text);
    expect(bytes.length).toBe(4 * 12);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 1, 0xf6, 0x00]);
    expect(decode(dtype, bytes)).toEqual(text);
  });

  it("complex helpers split and join interleaved data", () => {
    const { dtype, bytes } = fixture("npy/c16-le.npy");
    const data = decode(dtype, bytes) as Float64Array;
    const { re, im } = complexParts(data);
    expect(re.length).toBe(16);
    expect(interleaveComplex(re, im)).toEqual(data);
    expect(npyErrorOf(() => complexParts(new Float64Array(3))).code).toBe("INVALID_ARGUMENT");
    expect(
      npyErrorOf(() => interleaveComplex(new Float64Array(1), new Float32Array(1) as unknown as Float64Array))
        .code,
    ).toBe("INVALID_ARGUMENT");
  });

  it("structs: columns keyed by name, nested and subarray fields, padding written as zeros", () => {
    const { dtype, bytes } = fixture("npy/struct-subarray.npy");
    const data = decode(dtype, bytes) as Record<string, NpyData>;
    expect(Object.keys(data)).toEqual(["m", "v", "p", "s"]);
    expect((data.m as Float32Array).length).toBe(2 * 6);
    expect(Object.keys(data.p as object)).toEqual(["q"]);
    const gaps = fixture("npy/struct-offsets-gaps.npy");
    expect(decode(gaps.dtype, gaps.bytes)).toEqual({
      a: new Uint8Array([7, 9]),
      b: new Int32Array([8, -10]),
    });
  });

  it("inferDType names the native dtype of a typed array", () => {
    expect(inferDType(new Float32Array(1)).descr).toBe("<f4");
    expect(inferDType(new BigUint64Array(1)).descr).toBe("<u8");
    expect(inferDType(new Uint8Array(1)).descr).toBe("|u1");
    expect(npyErrorOf(() => inferDType(new DataView(new ArrayBuffer(1)))).code).toBe("INVALID_ARGUMENT");
  });

  it("sliceData and concatData work on element ranges (complex: pairs)", () => {
    const dtype = parseDescr("<c8");
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect(Array.from(sliceData(dtype, data, 1, 3))).toEqual([3, 4, 5, 6]);
    expect(concatData(dtype, [sliceData(dtype, data, 0, 1), sliceData(dtype, data, 1, 3)])).toEqual(data);
    expect(npyErrorOf(() => sliceData(dtype, data, 2, 4)).code).toBe("INVALID_ARGUMENT");
  });
});

describe("bad input is an NpyError saying what was expected", () => {
  it.each<[string, () => unknown, NpyErrorCode, RegExp]>([
    [
      "bytes of part of an element",
      () => decode(parseDescr("<f8"), new Uint8Array(12)),
      "BAD_DATA",
      /whole number.*found 12 bytes/,
    ],
    [
      "a count that disagrees",
      () => decode(parseDescr("<f8"), new Uint8Array(16), { count: 3 }),
      "BAD_DATA",
      /expected 3 elements/,
    ],
    [
      "not a Uint8Array",
      () => decode(parseDescr("<f8"), [1, 2] as unknown as Uint8Array),
      "INVALID_ARGUMENT",
      /Uint8Array, found an array/,
    ],
    [
      "another typed array with values that do not fit",
      () => encode(parseDescr("<i2"), new Float64Array([1, 0.5])),
      "LOSSY_CAST",
      /item 1: 0.5 does not fit '<i2'/,
    ],
    [
      "an object for numbers",
      () => encode(parseDescr("<i4"), { a: 1 } as unknown as EncodableData),
      "BAD_DATA",
      /expected a Int32Array.*found an object/,
    ],
    [
      "an int out of range",
      () => encode(parseDescr("<i2"), [40000]),
      "LOSSY_CAST",
      /40000 does not fit '<i2'/,
    ],
    ["a fraction for ints", () => encode(parseDescr("<u8"), [1.5]), "LOSSY_CAST", /1.5 does not fit '<u8'/],
    [
      "a string for numbers",
      () => encode(parseDescr("<f4"), ["1"] as unknown as EncodableData),
      "BAD_DATA",
      /item 0.*number/,
    ],
    ["odd-length complex", () => encode(parseDescr("<c16"), new Float64Array(3)), "BAD_DATA", /even length/],
    ["non-latin1 text in S", () => encode(parseDescr("|S3"), ["€"]), "BAD_DATA", /latin1.*U\+20AC/],
    [
      "text too long for S",
      () => encode(parseDescr("|S2"), ["abc"]),
      "LOSSY_CAST",
      /3 characters do not fit '\|S2'/,
    ],
    [
      "text too long for U",
      () => encode(parseDescr("<U1"), ["😀😀"]),
      "LOSSY_CAST",
      /2 code points do not fit '<U1'/,
    ],
    [
      "a wrong-size void",
      () => encode(parseDescr("|V2"), [new Uint8Array(3)]),
      "BAD_DATA",
      /exactly 2 bytes/,
    ],
    [
      "a struct without a column",
      () =>
        encode(
          parseDescr([
            ["a", "<i4"],
            ["b", "<i4"],
          ]),
          { a: new Int32Array(1) },
        ),
      "BAD_DATA",
      /field 'b'/,
    ],
    [
      "a struct with an unknown column",
      () => encode(parseDescr([["a", "<i4"]]), { a: new Int32Array(1), c: new Int32Array(1) }),
      "BAD_DATA",
      /only the fields \[a\]/,
    ],
    [
      "struct columns of different lengths",
      () =>
        encode(
          parseDescr([
            ["a", "<i4"],
            ["b", "<i4"],
          ]),
          { a: new Int32Array(1), b: new Int32Array(2) },
        ),
      "SHAPE_MISMATCH",
      /field 'b'.*expected 1 elements/,
    ],
    [
      "a count that disagrees with the data",
      () => encode(parseDescr("<i4"), new Int32Array(2), { count: 3 }),
      "SHAPE_MISMATCH",
      /3 elements, the data holds 2/,
    ],
    [
      "a U code point beyond Unicode",
      () => decode(parseDescr("<U1"), new Uint8Array([0x41, 0, 0, 0, 0, 0, 0x11, 0])),
      "BAD_DATA",
      /^element 1 of '<U1' holds 110000, which is not a Unicode code point/,
    ],
  ])("%s", (_, fn, code, message) => {
    const err = npyErrorOf(fn);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it("accepts plain arrays of numbers, bigints and booleans for numeric dtypes", () => {
    expect(Array.from(encode(parseDescr(">i2"), [1, -1]))).toEqual([0, 1, 255, 255]);
    expect(Array.from(encode(parseDescr("<u8"), [2n ** 64n - 1n]))).toEqual(Array(8).fill(255));
    expect(Array.from(encode(parseDescr("|b1"), [true, false]))).toEqual([1, 0]);
    expect(Array.from(new Float32Array(encode(parseDescr("<f4"), [0.5, 2]).buffer))).toEqual([0.5, 2]);
  });
});
