import type { NpyArray } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import type { ByteSource } from "./byte-source.js";
import type { NpyStreamHeader } from "./npy-chunk.js";
import { type ReadHeaderOptions, readHeader } from "./read-header.js";
import { type ReadSliceOptions, readSlice } from "./read-slice.js";
import { planSlice, type SlicePlanOptions } from "./slice-plan.js";
import { checkIndex } from "./stream-options.js";

/**
 * Options of {@link readRows}.
 *
 * @example
 * ```ts
 * const header = await readHeader(source);
 * const first = await readRows(source, 0, 10, { header, maxBytes: 1 << 20 });
 * ```
 */
export interface ReadRowsOptions extends ReadHeaderOptions, ReadSliceOptions, SlicePlanOptions {
  /** The file's header if already read (by {@link readHeader}), to skip reading it again. */
  header?: NpyStreamHeader;
}

/**
 * Reads rows `[start, end)` along axis 0 of a .npy file (numpy's `a[start:end]`), fetching only
 * those rows' bytes (plus the header): one read in C order, one per column run in Fortran order.
 * `end` defaults to the number of rows; unlike a slice, bounds past the end are `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const source = httpSource("https://example.org/embeddings.npy");
 * const header = await readHeader(source);
 * const page = await readRows(source, 1000, 1100, { header }); // shape [100, ...header.shape.slice(1)]
 * ```
 */
export async function readRows(
  source: ByteSource,
  start: number,
  end?: number,
  options: ReadRowsOptions = {},
): Promise<NpyArray> {
  const header = options.header ?? (await readHeader(source, options));
  const rows = header.shape[0];
  if (rows === undefined) throw new NpyError("INVALID_ARGUMENT", "readRows: a 0-d array has no rows");
  end ??= rows;
  checkIndex(start, "start");
  checkIndex(end, "end");
  if (start > end || end > rows) {
    throw new NpyError("INVALID_ARGUMENT", `rows [${start}, ${end}) are outside the array's ${rows} rows`);
  }
  // a[start:end]: the other axes whole
  const selection = header.shape.map((count, axis) =>
    axis === 0
      ? { start, step: 1, count: end - start, drop: false }
      : { start: 0, step: 1, count, drop: false },
  );
  return readSlice(source, header, planSlice(header, selection, options), options);
}
