import { NpyError } from "@npyio/header";
import { type DecodeOptions, describe, tagOf } from "./codec.js";
import { codecFor } from "./codec-table.js";
import type { Descr } from "./descr.js";
import type { DataOf, DType, NpyData } from "./dtype.js";

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
export function decode<T extends DType>(
  dtype: T,
  bytes: Uint8Array,
  options: DecodeOptions = {},
): DataOfDType<T> {
  // by tag, not instanceof: a Uint8Array from another realm (iframe, worker, vm) is fine too
  if (tagOf(bytes) !== "Uint8Array") {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `decode expects the data bytes as a Uint8Array, found ${describe(bytes)}`,
    );
  }
  if (dtype.itemsize > 0 && bytes.length % dtype.itemsize !== 0) {
    throw new NpyError(
      "BAD_DATA",
      `expected a whole number of '${JSON.stringify(dtype.descr)}' elements (${dtype.itemsize} bytes each), found ${bytes.length} bytes; pass the data from the first to the last byte of whole elements`,
    );
  }
  const { count } = options;
  if (
    count !== undefined &&
    !(
      Number.isSafeInteger(count) &&
      count >= 0 &&
      (dtype.itemsize === 0 || count * dtype.itemsize === bytes.length)
    )
  ) {
    throw new NpyError(
      "BAD_DATA",
      `expected ${count} elements of ${dtype.itemsize} bytes (${count * dtype.itemsize} bytes), found ${bytes.length} bytes`,
    );
  }
  return codecFor(dtype).decode(dtype, bytes, options) as unknown as DataOfDType<T>;
}
