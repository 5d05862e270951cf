import { codecFor } from "./codec-table.js";
import type { DType, NpyData } from "./dtype.js";
import { NpyError } from "./npy-error.js";

/**
 * What {@link encode} takes: decoded data, or for numeric dtypes plain arrays of numbers, bigints or booleans.
 *
 * @example
 * ```ts
 * encode(parseDescr("<f8"), [1, 2.5, Number.NaN]); // plain numbers are fine for numeric dtypes
 * encode(parseDescr("|b1"), [true, false]);
 * ```
 */
export type EncodableData = NpyData | readonly (number | bigint | boolean)[];

/**
 * Options of {@link encode}.
 *
 * @example
 * ```ts
 * encode(parseDescr("<i4"), new Int32Array([1, 2, 3]), { count: 3 }); // checked against the data
 * ```
 */
export interface EncodeOptions {
  /**
   * The element count (the product of the header's shape). Checked against the data; needed only
   * for structs whose fields hold no elements (padding only, zero-size subarrays), where the data
   * cannot tell how many records to write.
   */
  count?: number;
}

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
export function encode(dtype: DType, data: EncodableData, options: EncodeOptions = {}): Uint8Array {
  const codec = codecFor(dtype);
  const { count } = options;
  const have = count === undefined ? undefined : codec.count(dtype, data as NpyData, "data");
  if (
    count !== undefined &&
    (!Number.isSafeInteger(count) || count < 0 || (have !== undefined && have !== count))
  ) {
    throw new NpyError(
      "SHAPE_MISMATCH",
      `encode was told to write ${count} elements, the data holds ${have}; the shape and the data disagree`,
    );
  }
  return codec.encode(dtype, data as NpyData, "data", count);
}
