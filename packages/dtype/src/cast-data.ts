// numpy's astype between numeric dtypes, bit for bit as numpy runs on x86-64. numpy's casts are C
// casts; on x86-64 a float becomes an integer through cvttsd2si/cvttss2si, which truncate toward zero
// and give the "integer indefinite" (the type's minimum) for NaN and for values out of range, and
// narrower integers are cut from a wider result. The tables below name, per pair, the conversion
// numpy's compiled loop uses, as probed from numpy 2.4 (test/cast.test.ts checks every pair).

import { type CastRow, castKey, ROWS } from "./cast-table.js";
import { badData, tagOf } from "./codec.js";
import type { DType, NpyData } from "./dtype.js";
import { halfToSingleBits, roundToHalfBits, singleToHalfBits } from "./float16.js";
import { NpyError } from "./npy-error.js";
import { LITTLE_ENDIAN, NATIVE_ORDER } from "./scalar-table.js";

/**
 * Where `data` sits in its whole array, for {@link castData} on a piece of an array (a stream's
 * chunk): numpy's loops for f4, f8, c8, c16 → u4 convert blocks of 4 elements with SIMD code and
 * the last few one by one, and the two disagree on NaN and out-of-range values, so the result for
 * such a value depends on where it sits in the array.
 *
 * @example
 * ```ts
 * const count = chunk.header.shape.reduce((a, b) => a * b, 1); // elements in the whole array
 * castData(chunk.data, from, to, { offset: chunk.offset, count });
 * ```
 */
export interface CastPosition {
  /** Index (in file order) of the first element of `data` within the whole array. Default 0. */
  offset?: number;
  /** Elements in the whole array. Default: those in `data`. */
  count?: number;
}

type IntArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

const INT_ARRAYS: Readonly<Record<string, new (n: number) => IntArray>> = {
  b1: Uint8Array,
  i1: Int8Array,
  u1: Uint8Array,
  i2: Int16Array,
  u2: Uint16Array,
  i4: Int32Array,
  u4: Uint32Array,
};

// word order of a 64-bit value (integer or float64) seen as two Uint32s
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;
const TWO31 = 2 ** 31;
const TWO32 = 2 ** 32;
const TWO63 = 2 ** 63;

// cvttsd2si into 32 bits: truncation, or the indefinite -2^31 for NaN and out of range
const cvt32 = (x: number): number => (x > -TWO31 - 1 && x < TWO31 ? Math.trunc(x) : -TWO31);
// cvttsd2si into 64 bits, indefinite -2^63
const cvt64 = (x: number): number => (x >= -TWO63 && x < TWO63 ? Math.trunc(x) : -TWO63);
// C's (uint64)x as compilers emit it: from 2^63 up, convert x − 2^63 and flip the top bit back
const cvtU64 = (x: number): number => (x >= TWO63 ? (x < 2 * TWO63 ? Math.trunc(x) : 0) : cvt64(x));
// the same in 32 bits, as gcc vectorizes (uint32)x
const cvtU32 = (x: number): number => (x >= TWO31 ? (x < TWO32 ? Math.trunc(x) : 0) : cvt32(x));

/**
 * float → integer: the conversion numpy's C cast compiles to, per target. Narrow targets go through
 * 32 bits (1e10 → i2 gives 0, the low bits of -2^31); u4 goes through 64 bits and keeps the low word.
 */
const FLOAT_TO_INT: Readonly<Record<string, (x: number) => number>> = {
  i1: cvt32,
  u1: cvt32,
  i2: cvt32,
  u2: cvt32,
  i4: cvt32,
  u4: cvt64,
  i8: cvt64,
  u8: cvtU64,
};

/**
 * Pairs whose numpy loop gcc vectorized, and whose SIMD code gives other results than the scalar
 * code for NaN and out-of-range values: which elements of one call of the loop (`m` elements) take
 * the SIMD path. Real sources go 4 at a time, the last `m % 4` one by one; complex ones read past
 * each block, so the last block always goes one by one (and c16 needs 6 elements to start).
 */
const SIMD: Readonly<Record<string, { convert: (x: number) => number; vectorized: (m: number) => number }>> =
  {
    "f4>u4": { convert: cvtU32, vectorized: (m) => m - (m % 4) },
    "f8>u4": { convert: cvtU32, vectorized: (m) => m - (m % 4) },
    "c8>u4": { convert: cvtU32, vectorized: (m) => (m < 1 ? 0 : 4 * Math.floor((m - 1) / 4)) },
    "c16>u4": { convert: cvtU32, vectorized: (m) => (m < 6 ? 0 : 4 * Math.floor((m - 1) / 4)) },
  };

/** numpy casts an array in one call of its loop, or in calls of 128 when it must also swap bytes. */
const SWAPPING_CALL = 128;

/** NaN conversions that go through x86's cvtss2sd/cvtsd2ss, which set the quiet bit (f2's are bitwise). */
const QUIETING = new Set(["4>8", "8>4"]);

const Float16 = (globalThis as { Float16Array?: new (b: ArrayBuffer) => NpyData }).Float16Array;

/** The source data, read as values (numbers) and, where numbers cannot tell, as bits. */
interface Source {
  /** The cast table's key, `"f8"`. */
  key: string;
  row: CastRow;
  /** Elements (complex numbers count once). */
  n: number;
  /** Values per element: 2 for complex (re, im interleaved). */
  parts: 1 | 2;
  /** Each part's value; for 64-bit integers rounded once to nearest (their `words` are exact). */
  value(j: number): number;
  /** 64-bit integers: two Uint32 words per element. */
  words?: Uint32Array;
  /** Floats: the bits of each part (Uint16 for f2, one Uint32 for f4, two for f8). */
  bits?: Uint16Array | Uint32Array;
  /** The typed array itself, where its elements are the values (i1–u4, f4, f8, c8, c16). */
  array?: ArrayLike<number>;
}

const wordsOf = (a: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }): Uint32Array =>
  new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);

/** f2 data in any of its three forms (Float16Array, Float32Array of exact values, raw bits) as bits. */
function halfBits(data: NpyData): Uint16Array | undefined {
  const tag = tagOf(data);
  if (tag === "Uint16Array") return data as Uint16Array;
  if (tag === "Float16Array") {
    const a = data as unknown as Uint16Array;
    return new Uint16Array(a.buffer, a.byteOffset, a.length);
  }
  if (tag !== "Float32Array") return undefined;
  const bits = new Uint16Array((data as Float32Array).length);
  singleToHalfBits(wordsOf(data as Float32Array), bits);
  return bits;
}

const ARRAY_TAGS: Readonly<Record<string, string>> = {
  b1: "Uint8Array",
  i1: "Int8Array",
  u1: "Uint8Array",
  i2: "Int16Array",
  u2: "Uint16Array",
  i4: "Int32Array",
  u4: "Uint32Array",
  i8: "BigInt64Array",
  u8: "BigUint64Array",
  f4: "Float32Array",
  f8: "Float64Array",
  c8: "Float32Array",
  c16: "Float64Array",
};

function sourceOf(data: NpyData, from: DType, key: string, row: CastRow): Source {
  const parts = row.kind === "c" ? 2 : 1;
  const expected = key === "f2" ? "a Float16Array, Float32Array or Uint16Array" : `a ${ARRAY_TAGS[key]}`;
  const half = key === "f2" ? halfBits(data) : undefined;
  const fits = key === "f2" ? half !== undefined : tagOf(data) === ARRAY_TAGS[key];
  if (!fits || (data as ArrayLike<unknown>).length % parts !== 0) {
    throw badData(
      `castData from '${from.descr}'`,
      parts === 2 ? `${expected} of even length` : expected,
      data,
    );
  }
  if (half) {
    const values = new Float32Array(half.length);
    halfToSingleBits(half, wordsOf(values));
    return { key, row, n: half.length, parts, value: (j) => values[j]!, bits: half };
  }
  const array = data as ArrayLike<number> & {
    buffer: ArrayBufferLike;
    byteOffset: number;
    byteLength: number;
  };
  const n = array.length / parts;
  if (row.kind === "b") return { key, row, n, parts, value: (j) => (array[j] ? 1 : 0) };
  if (row.width === 8 && row.kind !== "f" && row.kind !== "c") {
    const words = wordsOf(array);
    const signed = row.kind === "i";
    const value = (j: number) =>
      (signed ? words[2 * j + HI]! | 0 : words[2 * j + HI]!) * TWO32 + words[2 * j + LO]!;
    return { key, row, n, parts, value, words };
  }
  const bits = row.kind === "f" || row.kind === "c" ? wordsOf(array) : undefined;
  return { key, row, n, parts, value: (j) => array[j]!, bits, array };
}

const isFloat = (row: CastRow): boolean => row.kind === "f" || row.kind === "c";

/** Writes a 64-bit integer value `t` (an integer in [-2^63, 2^64)) as two's complement words. */
function putWords(words: Uint32Array, i: number, t: number): void {
  const hi = Math.floor(t / TWO32);
  words[2 * i + LO] = t - hi * TWO32;
  words[2 * i + HI] = hi;
}

/** A 64-bit integer as float32 would round it: once, to nearest even. */
function int64ToSingle(src: Source, i: number): number {
  const words = src.words!;
  const lo = words[2 * i + LO]!;
  const hi = src.row.kind === "i" ? words[2 * i + HI]! | 0 : words[2 * i + HI]!;
  if (hi >= -0x200000 && hi < 0x200000) return hi * TWO32 + lo; // below 2^53: exact, the store rounds
  // rounding to float64 and then to float32 could round twice; from 2^53 up, bits below 2^29 only
  // break ties, so they fold into one sticky bit and the float64 sum is exact
  return hi * TWO32 + ((lo & 0xe0000000) >>> 0) + (lo & 0x1fffffff ? 2 ** 28 : 0);
}

function toBool(src: Source): Uint8Array {
  const out = new Uint8Array(src.n);
  for (let i = 0; i < src.n; i++) {
    if (src.words) out[i] = src.words[2 * i]! | src.words[2 * i + 1]! ? 1 : 0;
    // NaN is true; a complex number is true when either part is nonzero
    else out[i] = src.value(i * src.parts) !== 0 || (src.parts === 2 && src.value(2 * i + 1) !== 0) ? 1 : 0;
  }
  return out;
}

function toInt(src: Source, key: string, offset: number, count: number, swapping: boolean): IntArray {
  const out = new INT_ARRAYS[key]!(src.n);
  const n = src.n;
  if (src.words) {
    for (let i = 0; i < n; i++) out[i] = src.words[2 * i + LO]!; // the store keeps the low bits
    return out;
  }
  if (!isFloat(src.row)) {
    if (src.array)
      out.set(src.array); // set wraps as the store does
    else for (let i = 0; i < n; i++) out[i] = src.value(i);
    return out;
  }
  const scalar = FLOAT_TO_INT[key]!;
  const simd = SIMD[`${src.key}>${key}`];
  const call = swapping ? SWAPPING_CALL : Math.max(count, 1);
  for (let i = 0; i < n; i++) {
    const x = src.value(i * src.parts);
    if (!simd) out[i] = scalar(x);
    else {
      // where element `offset + i` falls in the calls numpy makes over the whole array
      const at = (offset + i) % call;
      const m = Math.min(call, count - (offset + i - at));
      out[i] = at < simd.vectorized(m) ? simd.convert(x) : scalar(x);
    }
  }
  return out;
}

function toInt64(src: Source, key: string): BigInt64Array | BigUint64Array {
  const out = key === "i8" ? new BigInt64Array(src.n) : new BigUint64Array(src.n);
  const words = wordsOf(out);
  if (src.words) words.set(src.words);
  else {
    const convert = isFloat(src.row) ? FLOAT_TO_INT[key]! : (x: number) => x;
    for (let i = 0; i < src.n; i++) putWords(words, i, convert(src.value(i * src.parts)));
  }
  return out;
}

/** A NaN's bits moved from one float width to another, payload and sign kept, as x86 and numpy do. */
function convertNaN(
  src: Source,
  j: number,
  width: 2 | 4 | 8,
  out: Uint16Array | Uint32Array,
  k: number,
): void {
  const from = src.row.width;
  const bits = src.bits!;
  let hi: number;
  let lo = 0;
  // first widen to float64's layout: sign, all-ones exponent, the payload at the top of 52 bits
  if (from === 2) {
    const h = bits[j]!;
    hi = ((h & 0x8000) << 16) | 0x7ff00000 | ((h & 0x3ff) << 10);
  } else if (from === 4) {
    const f = bits[j]!;
    hi = (f & 0x80000000) | 0x7ff00000 | ((f & 0x7fffff) >>> 3);
    lo = (f & 7) << 29;
  } else {
    hi = bits[2 * j + HI]!;
    lo = bits[2 * j + LO]!;
  }
  const quiet = QUIETING.has(`${from}>${width}`);
  if (width === 8) {
    out[2 * k + HI] = hi | (quiet ? 0x80000 : 0);
    out[2 * k + LO] = lo;
  } else if (width === 4) {
    out[k] = (hi & 0x80000000) | 0x7f800000 | ((hi & 0xfffff) << 3) | (lo >>> 29) | (quiet ? 0x400000 : 0);
  } else {
    // numpy keeps the top 10 payload bits, and sets the lowest when they are all zero
    out[k] = ((hi >>> 16) & 0x8000) | 0x7c00 | ((hi & 0xfffff) >>> 10 || 1);
  }
}

function toFloat(src: Source, to: CastRow): NpyData {
  const parts = to.kind === "c" ? 2 : 1;
  const width = to.width as 2 | 4 | 8;
  const length = src.n * parts;
  const values = width === 8 ? new Float64Array(length) : width === 4 ? new Float32Array(length) : undefined;
  // float16 is built as bits, and float32/float64 NaNs are written through their bits
  const bits = values ? wordsOf(values) : new Uint16Array(length);
  if (values && src.array && src.parts === parts) {
    // a typed array's set converts as its store does (rounding once); NaNs are then redone bitwise
    values.set(src.array);
    if (src.bits)
      for (let j = 0; j < length; j++) if (Number.isNaN(src.array[j])) convertNaN(src, j, width, bits, j);
    return values;
  }
  for (let i = 0; i < src.n; i++) {
    for (let p = 0; p < parts; p++) {
      const k = i * parts + p;
      if (p >= src.parts) continue; // a real number's imaginary part stays +0
      const j = i * src.parts + p;
      const x = src.value(j);
      if (Number.isNaN(x)) convertNaN(src, j, width, bits, k);
      else if (!values) bits[k] = roundToHalfBits(x);
      else values[k] = src.words && width === 4 ? int64ToSingle(src, i) : x; // the store rounds
    }
  }
  if (values) return values;
  const half = bits as Uint16Array;
  if (Float16) return new Float16(half.buffer as ArrayBuffer);
  const single = new Float32Array(length);
  halfToSingleBits(half, wordsOf(single));
  return single;
}

/**
 * `data` (of numeric dtype `from`, as `decode` gives it) cast to `to` exactly as numpy's
 * `astype(to)` (`casting="unsafe"`) does on x86-64, bit for bit: floats to integers truncate toward
 * zero, and NaN, ±inf and out-of-range values give what numpy's compiled C casts give there (the
 * type's minimum through 32 or 64 bits, then the low bits: f8 → i4 of 1e10 is -2147483648, f8 → i2
 * of 1e10 is 0); integers wrap modulo 2^n; 64-bit integers never pass through float64; floats round
 * to nearest even, once; NaN payloads are kept; complex → real drops the imaginary part (numpy
 * warns, ComplexWarning); → bool is "nonzero" (NaN is true). The result is a new array in native
 * byte order (or `data` itself when the types are the same); f2 comes out as `decode` would give it.
 *
 * Numeric dtypes are b1, i1–i8, u1–u8, f2, f4, f8, c8 and c16; others (long double included, which
 * decodes lossily) are `UNSUPPORTED_DTYPE`.
 *
 * @example
 * ```ts
 * castData(Float64Array.of(1e10, -1.7, Number.NaN), parseDescr("<f8"), parseDescr("<i2")); // Int16Array [0, -1, 0]
 * castData(BigUint64Array.of(2n ** 53n + 1n), parseDescr("<u8"), parseDescr("<u4")); // Uint32Array [1]
 * ```
 */
export function castData(data: NpyData, from: DType, to: DType, position: CastPosition = {}): NpyData {
  const fromKey = castKey(from);
  const toKey = castKey(to);
  const source = sourceOf(data, from, fromKey, ROWS[fromKey]!);
  const n = source.n;
  const { offset = 0, count = offset + n } = position;
  if (!(Number.isSafeInteger(offset) && Number.isSafeInteger(count) && offset >= 0 && count >= offset + n)) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `castData's position must place the ${n} elements inside the array: got offset ${offset}, count ${count}`,
    );
  }
  if (fromKey === toKey) return data;
  const target = ROWS[toKey]!;
  if (target.kind === "b") return toBool(source);
  if (isFloat(target)) return toFloat(source, target);
  if (target.width === 8) return toInt64(source, toKey);
  const swapping = [from, to].some((d) => d.byteOrder !== "|" && d.byteOrder !== NATIVE_ORDER);
  return toInt(source, toKey, offset, count, swapping);
}
