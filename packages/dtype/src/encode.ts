import { codecFor } from "./codec-table.js";
import type { DType, NpyData } from "./dtype.js";

/**
 * Turns data (as {@link decode} returns it, or plain arrays of numbers for numeric dtypes) into the
 * bytes of `dtype`, in the dtype's own byte order: `encode(dtype, decode(dtype, x))` returns x's
 * bytes. Padding between struct fields is written as zeros, as numpy does for new arrays.
 *
 * Native-endian numeric data comes back as a view of its own memory (no copy); copy it before
 * changing `data` if the bytes must stay as they were.
 *
 * @example
 * ```ts
 * encode(parseDescr("<i4"), new Int32Array([1, 2, 3])); // 12 bytes
 * ```
 */
export function encode(dtype: DType, data: NpyData): Uint8Array {
  return codecFor(dtype).encode(dtype, data, "data");
}
