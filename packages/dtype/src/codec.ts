import type { DType, NpyData } from "./dtype.js";
import type { FixedStrings } from "./fixed-strings.js";
import { NpyError } from "./npy-error.js";

/**
 * Options of {@link decode}.
 *
 * @example
 * ```ts
 * const owned = decode(parseDescr("<f4"), bytes, { copy: true }); // not a view of `bytes`
 * const half = decode(parseDescr("<f2"), bytes, { float16: "bits" }); // Uint16Array of raw bits
 * ```
 */
export interface DecodeOptions {
  /**
   * Native-endian, aligned numeric data decodes as a view on `bytes` (no copy), so writing to the
   * result writes to `bytes`. `true` always copies, so the result owns its memory.
   */
  copy?: boolean;
  /**
   * Lets decode byte-swap big-endian data inside `bytes` (overwriting it) rather than into a new
   * buffer: no allocation, and the result is a view on `bytes`. For callers that own `bytes` and
   * will not read them again, such as a reader's own chunk buffer. Ignored with `copy`.
   */
  inPlace?: boolean;
  /**
   * How `f2` decodes: `"auto"` (default) gives `Float16Array` where the runtime has it, else
   * `Float32Array` holding the exact values; `"float32"` always `Float32Array`; `"bits"` the raw bit
   * patterns as `Uint16Array`.
   */
  float16?: "auto" | "float32" | "bits";
  /**
   * How `S<n>` decodes: `"string"` (default) latin1 text with trailing NULs stripped, as numpy's
   * `.item()`; `"bytes"` one `Uint8Array` of the full itemsize per element.
   */
  bytesAs?: "string" | "bytes";
  /**
   * How `U<n>` and `S<n>` decode: `"array"` (default) a `string[]`; `"fixed"` a {@link FixedStrings}
   * view on the bytes, numpy's own representation, which makes no JS string until an item is read
   * (with `copy`, on a copy of the bytes). Takes precedence over `bytesAs`.
   */
  strings?: "array" | "fixed";
  /**
   * The element count (the product of the header's shape). Only needed for dtypes of itemsize 0
   * (`|V0`, an empty struct), whose bytes cannot tell; otherwise checked against the byte length.
   */
  count?: number;
}

/**
 * How one family of dtypes turns bytes into data and back, and how its data is counted, sliced and
 * joined. One codec per kind, looked up in a table, so no operation switches on the kind.
 */
export interface Codec {
  decode(dtype: DType, bytes: Uint8Array, options: DecodeOptions): NpyData;
  /**
   * `where` names the data in error messages, e.g. "field 'x'"; `count` is the element count when
   * the caller knows it (needed only where the data cannot tell, see `count`).
   */
  encode(dtype: DType, data: NpyData, where: string, count?: number): Uint8Array;
  /** Elements in `data`, or undefined when it cannot tell (a struct whose fields hold no elements). */
  count(dtype: DType, data: NpyData, where: string): number | undefined;
  slice(dtype: DType, data: NpyData, start: number, end: number): NpyData;
  concat(dtype: DType, parts: NpyData[]): NpyData;
}

export const describe = (data: unknown): string => {
  if (data === null) return "null";
  if (Array.isArray(data)) return `an array of ${data.length}`;
  if (ArrayBuffer.isView(data)) return `a ${tagOf(data)} of ${(data as { length?: number }).length}`;
  return typeof data === "object" ? `an object with keys [${Object.keys(data).join(", ")}]` : typeof data;
};

/** `"Float32Array"` for a Float32Array from any realm. */
export const tagOf = (value: unknown): string => Object.prototype.toString.call(value).slice(8, -1);

export const badData = (where: string, expected: string, data: unknown): NpyError =>
  new NpyError(
    "BAD_DATA",
    `${where}: expected ${expected}, found ${describe(data)}; see the in-memory table in the @npyio/dtype README`,
  );

/** The bytes that back a typed array, as a view. */
export const bytesOf = (data: ArrayBufferView): Uint8Array =>
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** Items `start` to `end` of an array-like that is a typed array or a plain array. */
export function sliceList<T extends ArrayLike<unknown>>(list: T, start: number, end: number): T {
  if (Array.isArray(list)) return list.slice(start, end) as unknown as T;
  return (list as unknown as Uint8Array).subarray(start, end) as unknown as T;
}

/** Joins typed arrays of one type, or plain arrays. */
export function concatLists<T extends ArrayLike<unknown>>(parts: T[], empty: () => T): T {
  const first = parts[0];
  if (first === undefined) return empty();
  if (parts.length === 1) return first;
  if (Array.isArray(first))
    return ([] as unknown[]).concat(...(parts as unknown as unknown[][])) as unknown as T;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const Ctor = (first as unknown as { constructor: new (n: number) => Uint8Array }).constructor;
  const out = new Ctor(total);
  let at = 0;
  for (const p of parts) {
    out.set(p as unknown as Uint8Array, at);
    at += p.length;
  }
  return out as unknown as T;
}
