/** A typed-array constructor the numeric rows decode into. */
export type NumericArrayConstructor =
  | typeof Uint8Array
  | typeof Int8Array
  | typeof Int16Array
  | typeof Uint16Array
  | typeof Int32Array
  | typeof Uint32Array
  | typeof Float32Array
  | typeof Float64Array
  | typeof BigInt64Array
  | typeof BigUint64Array;

/**
 * One row per numeric numpy type (kind + itemsize): the typed array that holds it in memory, and the
 * width of one byte-swapped unit (a complex number swaps each of its two halves).
 */
export interface NumericRow {
  array: NumericArrayConstructor;
  /** Bytes per byte-swap unit; also the alignment a zero-copy view needs. */
  width: 1 | 2 | 4 | 8;
  /** Typed-array elements per numpy element: 2 for complex (interleaved re, im), else 1. */
  per: 1 | 2;
}

const row = (array: NumericArrayConstructor, per: 1 | 2 = 1): NumericRow => ({
  array,
  width: array.BYTES_PER_ELEMENT as NumericRow["width"],
  per,
});

/** Keyed by numpy kind letter + itemsize, as in `"f8"`, `"c16"`, `"M8"`. */
export const NUMERIC: Readonly<Record<string, NumericRow>> = {
  b1: row(Uint8Array),
  i1: row(Int8Array),
  u1: row(Uint8Array),
  i2: row(Int16Array),
  u2: row(Uint16Array),
  i4: row(Int32Array),
  u4: row(Uint32Array),
  i8: row(BigInt64Array),
  u8: row(BigUint64Array),
  // f2 travels as its bits; decode converts them to the caller's chosen float type
  f2: row(Uint16Array),
  f4: row(Float32Array),
  f8: row(Float64Array),
  c8: row(Float32Array, 2),
  c16: row(Float64Array, 2),
  M8: row(BigInt64Array),
  m8: row(BigInt64Array),
};

/** Long double as numpy writes it on x86: 80-bit x87 extended, padded to 12 or 16 bytes. */
export const LONG_DOUBLE: Readonly<Record<string, 1 | 2>> = { f12: 1, f16: 1, c24: 2, c32: 2 };

/** True when this machine stores numbers little-endian (every platform npyio targets does). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The byte order typed arrays use on this machine; every package that needs it asks @npyio/dtype. */
export const NATIVE_ORDER: "<" | ">" = LITTLE_ENDIAN ? "<" : ">";
