import { fail } from "./npy-error.js";

/**
 * Where a .npy file's array data lies: `dataBytes` bytes right after the header, which ends at
 * `dataOffset`. `about` names the array in messages (its shape and descr, say).
 *
 * @example
 * ```ts
 * const extent: DataExtent = { dataOffset: 128, dataBytes: 12, about: "shape (3,), '<i4'" };
 * ```
 */
export interface DataExtent {
  dataOffset: number;
  dataBytes: number;
  about?: string;
}

/**
 * The one check of a .npy file's length, with the one wording of its errors (`parse`, `readNpy`, the
 * stream decoders, the npz reader and the CLI all call it): `got` bytes after the header must be the
 * declared data. Throws TRUNCATED when there are fewer, and TRAILING_DATA when there are more unless
 * `allowTrailing` (a stream reader passes what it has seen so far); `hint` says what to do then.
 *
 * @example
 * ```ts
 * checkDataExtent({ dataOffset: 128, dataBytes: 12 }, 8); // NpyError TRUNCATED, offset 136
 * checkDataExtent(extent, bytes.length - extent.dataOffset, { allowTrailing: true });
 * ```
 */
export function checkDataExtent(
  extent: DataExtent,
  got: number,
  options: { allowTrailing?: boolean; hint?: string } = {},
): void {
  const { dataOffset, dataBytes, about } = extent;
  const expected = `${dataBytes} bytes of array data${about ? ` (${about})` : ""}`;
  if (got < dataBytes) fail("TRUNCATED", expected, got, dataOffset + got, "the file is incomplete");
  if (got > dataBytes && !options.allowTrailing)
    fail(
      "TRAILING_DATA",
      expected,
      got,
      dataOffset + dataBytes,
      options.hint ?? "this is not a single .npy file",
    );
}
