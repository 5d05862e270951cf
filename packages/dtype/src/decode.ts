import { type DecodeOptions, describe, tagOf } from "./codec.js";
import { codecFor } from "./codec-table.js";
import type { Descr } from "./descr.js";
import type { DataOf, DType, NpyData } from "./dtype.js";
import type { FixedStrings } from "./fixed-strings.js";
import { NpyError } from "./npy-error.js";

/**
 * The data type {@link decode} returns for a dtype, from its descr literal where TypeScript knows it.
 *
 * @example
 * ```ts
 * const dtype = parseDescr("<i8");
 * const data: DataOfDType<typeof dtype> = decode(dtype, bytes); // BigInt64Array
 * ```
 */
export type DataOfDType<T extends DType> = T extends { descr: infer D extends Descr }
  ? Descr extends D
    ? NpyData
    : DataOf<D>
  : NpyData;

/**
 * `T` with every `string[]` (U and S data, struct columns included) as a {@link FixedStrings}: what
 * {@link decode} gives with `{ strings: "fixed" }`.
 *
 * @example
 * ```ts
 * const names: FixedStringsOf<DataOf<"<U8">> = decode(parseDescr("<U8"), bytes, { strings: "fixed" });
 * ```
 */
export type FixedStringsOf<T> = T extends string[]
  ? FixedStrings
  : T extends ArrayBufferView | FixedStrings | unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]: FixedStringsOf<T[K]> }
      : T;

/**
 * Turns `bytes` (n whole elements of `dtype`, in file order) into JS data, per the README table:
 * native byte order, big-endian data swapped. Native-endian, aligned numeric data is a VIEW on
 * `bytes` (no copy) unless `{ copy: true }`.
 *
 * @example
 * ```ts
 * const dtype = parseDescr(">f8");
 * decode(dtype, bytes); // Float64Array, swapped into native order
 * ```
 */
export function decode<T extends DType, const O extends DecodeOptions = DecodeOptions>(
  dtype: T,
  bytes: Uint8Array,
  options: O = {} as O,
): O extends { strings: "fixed" } ? FixedStringsOf<DataOfDType<T>> : DataOfDType<T> {
  // by tag, not instanceof: a Uint8Array from another realm (iframe, worker, vm) is fine too
  if (tagOf(bytes) !== "Uint8Array") {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `decode expects the data bytes as a Uint8Array, found ${describe(bytes)}`,
    );
  }
  const { count } = options;
  const { itemsize } = dtype;
  // the element count the bytes hold; only `count` can tell for an itemsize of 0
  const whole = itemsize ? bytes.length / itemsize : (count ?? 0);
  if (!Number.isSafeInteger(whole) || whole < 0 || (count ?? whole) !== whole) {
    throw new NpyError(
      "BAD_DATA",
      `expected ${count ?? "a whole number of"} elements of '${JSON.stringify(dtype.descr)}' (${itemsize} bytes each), found ${bytes.length} bytes; pass the data from the first to the last byte of whole elements`,
    );
  }
  return codecFor(dtype).decode(dtype, bytes, options) as never;
}
