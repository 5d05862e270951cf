import { badData, type Codec, concatLists, type DecodeOptions } from "./codec.js";
import type { DType, NpyData } from "./dtype.js";
import { FixedStrings } from "./fixed-strings.js";
import { decodeStringItems, encodeStringItems } from "./string-items.js";

/**
 * `S` and `U` items as JS strings (latin1 for `S`, trailing NULs stripped, as numpy's `.item()`);
 * with `{ strings: "fixed" }` a {@link FixedStrings} of the bytes as they are; `S` (and `V`) items
 * as views of their bytes with `{ bytesAs: "bytes" }`.
 */
function decodeStrings(dtype: DType, bytes: Uint8Array, options: DecodeOptions): NpyData {
  const size = dtype.itemsize;
  const n = size === 0 ? (options.count ?? 0) : bytes.length / size;
  const fixed = options.strings === "fixed";
  if (!fixed && (dtype.kind === "U" || options.bytesAs !== "bytes"))
    return decodeStringItems(dtype, bytes, n);
  const src = options.copy ? bytes.slice() : bytes;
  return fixed
    ? new FixedStrings(dtype, src, n)
    : Array.from({ length: n }, (_, i) => src.subarray(i * size, i * size + size));
}

/** A FixedStrings of exactly this dtype as its own bytes (a view, as numeric data does); else the items encoded. */
const encodeStrings = (dtype: DType, data: NpyData, where: string): Uint8Array =>
  sameDType(dtype, data) ? data.bytes : encodeStringItems(dtype, listOf(dtype, data, where), where);

/** The items of string data: a plain array as it is, a FixedStrings (of another dtype) decoded. */
function listOf(dtype: DType, data: NpyData, where: string): ArrayLike<unknown> {
  if (data instanceof FixedStrings) return data.toArray();
  if (!Array.isArray(data)) {
    throw badData(
      where,
      `a string[]${dtype.kind === "S" ? " or Uint8Array[]" : ""} for '${dtype.descr}'`,
      data,
    );
  }
  return data;
}

/** Whether `data` is a FixedStrings of exactly this dtype, which encodes as its own bytes. */
const sameDType = (dtype: DType, data: NpyData): data is FixedStrings =>
  data instanceof FixedStrings && data.dtype.descr === dtype.descr;

const listOps: Pick<Codec, "count" | "slice" | "concat"> = {
  count: (dtype, data, where) =>
    data instanceof FixedStrings ? data.length : listOf(dtype, data, where).length,
  slice: (_dtype, data, start, end) =>
    data instanceof FixedStrings ? data.subarray(start, end) : (data as string[]).slice(start, end),
  concat: (dtype, parts) => {
    if (parts.length > 0 && parts.every((p) => sameDType(dtype, p))) {
      const bytes = concatLists(
        parts.map((p) => (p as FixedStrings).bytes),
        () => new Uint8Array(0),
      );
      return new FixedStrings(
        dtype,
        bytes,
        parts.reduce((n, p) => n + (p as FixedStrings).length, 0),
      );
    }
    return concatLists(
      parts.map((p) => (p instanceof FixedStrings ? p.toArray() : (p as string[]))),
      () => [],
    );
  },
};

/**
 * `S<n>` (latin1 strings, or the raw bytes with `{ bytesAs: "bytes" }`) and `U<n>` (UTF-32 code points,
 * astral characters included): JS strings with trailing NULs stripped, and back.
 */
export const stringCodec: Codec = { decode: decodeStrings, encode: encodeStrings, ...listOps };

/** `V<n>`: one `Uint8Array` per element (views on the input unless `{ copy: true }`). */
export const voidCodec: Codec = {
  decode: (dtype, bytes, options) =>
    decodeStrings(dtype, bytes, { ...options, bytesAs: "bytes", strings: "array" }),
  encode: (dtype, data, where) => {
    if (!Array.isArray(data)) throw badData(where, `a Uint8Array[] for '${dtype.descr}'`, data);
    data.forEach((item: unknown, i) => {
      if (!ArrayBuffer.isView(item) || (item as Uint8Array).length !== dtype.itemsize) {
        throw badData(
          `${where} item ${i}`,
          `a Uint8Array of exactly ${dtype.itemsize} bytes for '${dtype.descr}'`,
          item,
        );
      }
    });
    return encodeStringItems(dtype, data, where);
  },
  count: (dtype, data, where) => {
    if (!Array.isArray(data)) throw badData(where, `a Uint8Array[] for '${dtype.descr}'`, data);
    return data.length;
  },
  slice: (_dtype, data, start, end) => (data as Uint8Array[]).slice(start, end),
  concat: (_dtype, parts) => concatLists(parts as Uint8Array[][], () => []),
};
