import type { NpyArray } from "@npyio/dtype";
import { checkDataExtent, NpyError } from "@npyio/header";
import { abortable, throwIfAborted } from "./abort.js";
import { checkAllocatable } from "./allocate-bytes.js";
import type { ByteSource } from "./byte-source.js";
import type { NpyStreamHeader } from "./npy-chunk.js";
import { decodeAny } from "./npy-chunk.js";
import { dataExtent, declaredByteLength } from "./npy-decoder-stream.js";
import { type ReadHeaderOptions, readHeader } from "./read-header.js";
import { checkIndex, type LimitOptions } from "./stream-options.js";

/**
 * Options of {@link readRows}.
 *
 * @example
 * ```ts
 * const header = await readHeader(source);
 * const first = await readRows(source, 0, 10, { header, maxBytes: 1 << 20 });
 * ```
 */
export interface ReadRowsOptions extends ReadHeaderOptions, Pick<LimitOptions, "maxBytes"> {
  /** The file's header if already read (by {@link readHeader}), to skip reading it again. */
  header?: NpyStreamHeader;
}

/**
 * Reads rows `[start, end)` along axis 0 of a C-order .npy file, fetching only those rows' bytes
 * (plus the header). `end` defaults to the number of rows. A Fortran-order array with more than one
 * dimension stores rows apart, so it fails with `INVALID_ARGUMENT`.
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
  throwIfAborted(options.signal);
  const header = options.header ?? (await readHeader(source, { ...options, onProgress: undefined }));
  const { shape, dtype, fortranOrder } = header;
  if (shape.length === 0) throw new NpyError("INVALID_ARGUMENT", "readRows: a 0-d array has no rows");
  if (fortranOrder && shape.length > 1) {
    throw new NpyError("INVALID_ARGUMENT", "readRows: a Fortran-order array stores rows apart; use readNpy");
  }
  const rows = shape[0]!;
  end ??= rows;
  checkIndex(start, "start");
  checkIndex(end, "end");
  if (start > end || end > rows) {
    throw new NpyError("INVALID_ARGUMENT", `rows [${start}, ${end}) are outside the array's ${rows} rows`);
  }
  const total = declaredByteLength(header, undefined);
  const rowBytes = rows === 0 ? 0 : total / rows;
  const want = (end - start) * rowBytes;
  declaredByteLength({ ...header, shape: [end - start, ...shape.slice(1)] }, options.maxBytes);
  checkAllocatable(want, `rows [${start}, ${end})`);
  const offset = header.dataOffset + start * rowBytes;
  const { signal, onProgress } = options;
  onProgress?.({ loaded: 0, total: want });
  // the source reads in pieces (a file) or as one request (HTTP) that the signal cancels
  const bytes =
    want === 0 ? new Uint8Array(0) : await abortable(source.read(offset, want, { signal }), signal);
  // short of the rows asked for: the file ends inside its data
  if (bytes.length < want) checkDataExtent(dataExtent(header, total), start * rowBytes + bytes.length);
  onProgress?.({ loaded: want, total: want });
  return { dtype, shape: [end - start, ...shape.slice(1)], fortranOrder, data: decodeAny(dtype, bytes) };
}
