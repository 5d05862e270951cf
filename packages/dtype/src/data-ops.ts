import { NpyError } from "@npyio/header";
import { codecFor } from "./codec-table.js";
import type { DType, NpyData } from "./dtype.js";

/**
 * How many elements of `dtype` `data` holds: a complex array of length 2n holds n, a struct as many
 * as its first field's column. (A struct whose fields hold no elements, e.g. only padding or
 * zero-size subarrays, cannot tell and reports 0; pass the header's count to `encode`.)
 */
export function elementCount(dtype: DType, data: NpyData): number {
  return codecFor(dtype).count(dtype, data, "data") ?? 0;
}

/** Bytes `data` takes in a file: `elementCount · itemsize`. */
export function dataByteLength(dtype: DType, data: NpyData): number {
  return elementCount(dtype, data) * dtype.itemsize;
}

/**
 * Elements `start` (inclusive) to `end` (exclusive) of `data`. Typed arrays come back as views
 * (`subarray`), string lists as new arrays; struct columns are sliced alike.
 */
export function sliceData<D extends NpyData>(dtype: DType, data: D, start: number, end: number): D {
  const n = codecFor(dtype).count(dtype, data, "data") ?? Number.POSITIVE_INFINITY;
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end && end <= n)) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `sliceData expects integers 0 ≤ start ≤ end ≤ ${n} (the element count), found start ${start}, end ${end}`,
    );
  }
  return codecFor(dtype).slice(dtype, data, start, end) as D;
}

/** Joins element ranges of one dtype into one data value, in order (the inverse of {@link sliceData}). */
export function concatData<D extends NpyData>(dtype: DType, parts: D[]): D {
  return codecFor(dtype).concat(dtype, parts) as D;
}
