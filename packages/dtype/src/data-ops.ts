import { codecFor } from "./codec-table.js";
import type { DType, NpyData } from "./dtype.js";
import { NpyError } from "./npy-error.js";

/**
 * How many elements of `dtype` `data` holds: a complex array of length 2n holds n, a struct as many
 * as its first field's column. (A struct whose fields hold no elements, e.g. only padding or
 * zero-size subarrays, cannot tell and reports 0; pass the header's count to `encode`.)
 *
 * @example
 * ```ts
 * elementCount(parseDescr("<c16"), new Float64Array(4)); // 2 (re, im pairs)
 * elementCount(parseDescr("<U3"), ["a", "bc"]); // 2
 * ```
 */
export function elementCount(dtype: DType, data: NpyData): number {
  return codecFor(dtype).count(dtype, data, "data") ?? 0;
}

/**
 * Bytes `data` takes in a file: `elementCount · itemsize`.
 *
 * @example
 * ```ts
 * dataByteLength(parseDescr("<c8"), new Float32Array(6)); // 24: three complex64 elements
 * ```
 */
export function dataByteLength(dtype: DType, data: NpyData): number {
  return elementCount(dtype, data) * dtype.itemsize;
}

/**
 * Elements `start` (inclusive) to `end` (exclusive) of `data`. Typed arrays come back as views
 * (`subarray`), string lists as new arrays; struct columns are sliced alike.
 *
 * @example
 * ```ts
 * sliceData(parseDescr("<U3"), ["a", "b", "c"], 1, 3); // ["b", "c"]
 * sliceData(parseDescr("<f4"), new Float32Array(10), 2, 5); // a view of 3 elements
 * ```
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

/**
 * Joins element ranges of one dtype into one data value, in order (the inverse of {@link sliceData}).
 *
 * @example
 * ```ts
 * concatData(parseDescr("<i2"), [new Int16Array([1]), new Int16Array([2, 3])]); // Int16Array [1, 2, 3]
 * ```
 */
export function concatData<D extends NpyData>(dtype: DType, parts: D[]): D {
  return codecFor(dtype).concat(dtype, parts) as D;
}
