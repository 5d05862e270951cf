import type { DType, NpyArray } from "@npyio/dtype";
import { checkDataExtent } from "@npyio/header";
import type { ByteSource } from "./byte-source.js";
import type { NpyStreamHeader } from "./npy-chunk.js";
import { dataExtent, declaredByteLength } from "./npy-decoder-stream.js";
import { type AxisIndex, normalizeIndex } from "./npy-index.js";
import { type ReadHeaderOptions, readHeader } from "./read-header.js";
import { readRows } from "./read-rows.js";
import { type ReadSliceOptions, readSlice } from "./read-slice.js";
import { planSlice, type SlicePlan, type SlicePlanOptions } from "./slice-plan.js";

/**
 * Options of one {@link NpyReader.slice}: how reads are planned (`coalesceGap`, `maxRequests`) and
 * made (`concurrency`, `maxBytes`, `signal`, `onProgress`).
 *
 * @example
 * ```ts
 * await reader.slice(null, 7, { coalesceGap: 1 << 20, concurrency: 4, signal });
 * ```
 */
export interface SliceOptions extends SlicePlanOptions, ReadSliceOptions {}

/**
 * Options of {@link openNpy}: `signal`, `onProgress`, `probe` and `maxHeaderSize` apply to reading
 * the header; `coalesceGap`, `maxRequests`, `concurrency` and `maxBytes` are the defaults of every
 * slice (each call may override them).
 *
 * @example
 * ```ts
 * const reader = await openNpy(httpSource(url), { coalesceGap: 64 << 10, maxBytes: 1 << 30 });
 * ```
 */
export interface OpenNpyOptions
  extends ReadHeaderOptions,
    Pick<SliceOptions, "coalesceGap" | "maxRequests" | "concurrency" | "maxBytes"> {}

/**
 * The arguments of {@link NpyReader.slice} and {@link NpyReader.plan}: a numpy index (entries as
 * {@link AxisIndex} describes), optionally followed by the options of that one call.
 *
 * @example
 * ```ts
 * const args: IndexArgs = [[1000, 2000], [null, null, 4], { coalesceGap: 0 }];
 * await reader.slice(...args);
 * ```
 */
export type IndexArgs = AxisIndex[] | [...index: AxisIndex[], options: SliceOptions];

/**
 * A .npy file opened for random access, as {@link openNpy} returns: its header, and numpy-style
 * slices that fetch only the bytes they touch.
 *
 * @example
 * ```ts
 * const reader = await openNpy(httpSource("https://example.org/big.npy"));
 * console.log(reader.shape, reader.dtype.descr); // [16384, 16384] "<f4"
 * const col = await reader.slice(null, 7); // a[:, 7]
 * ```
 */
export interface NpyReader {
  readonly header: NpyStreamHeader;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly fortranOrder: boolean;
  /** Where the bytes come from. */
  readonly source: ByteSource;
  /**
   * `a[index]`: an `NpyArray` in C order with numpy's values, shape and dtype. Takes numpy's basic
   * indexing, one entry per axis (see {@link AxisIndex}); axes left over are whole. The options of
   * this call may follow the index. The data may be a view of bytes read (or of the source's bytes,
   * for a contiguous slice of a `bytesSource`).
   */
  slice(...args: IndexArgs): Promise<NpyArray>;
  /** What `slice` with the same arguments would read, without reading anything. */
  plan(...args: IndexArgs): SlicePlan;
  /** Rows `[start, end)` along axis 0 (`a[start:end]`); unlike `slice`, a bound past the end is an error. */
  rows(start: number, end?: number, options?: SliceOptions): Promise<NpyArray>;
  /** Closes the source if it can be closed (a `FileSource`). */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const isOptions = (value: unknown): value is SliceOptions =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Opens a .npy file on any {@link ByteSource} for slicing, like numpy's
 * `np.load(path, mmap_mode="r")`: one small read for the header (two for a header over `probe`
 * bytes), then each slice reads only the runs of bytes it touches, merging runs closer than
 * `coalesceGap` and reading `concurrency` at a time. C and Fortran order both work. A source whose
 * size is known must hold all the data the header declares (`TRUNCATED` otherwise).
 *
 * @example
 * ```ts
 * const reader = await openNpy(httpSource("https://example.org/big.npy"));
 * const block = await reader.slice("1000:2000, ::4"); // a[1000:2000, ::4]
 * console.log(reader.plan("1000:2000, ::4").requests); // what it cost
 * ```
 */
export async function openNpy(source: ByteSource, options: OpenNpyOptions = {}): Promise<NpyReader> {
  const header = await readHeader(source, options);
  const data = declaredByteLength(header, undefined);
  if (source.size !== undefined) {
    checkDataExtent(dataExtent(header, data), Math.max(0, source.size - header.dataOffset), {
      allowTrailing: true,
    });
  }
  const { coalesceGap, maxRequests, concurrency, maxBytes } = options;
  const defaults: SliceOptions = { coalesceGap, maxRequests, concurrency, maxBytes };
  const split = (args: IndexArgs): [AxisIndex[], SliceOptions] => {
    const last = args.at(-1);
    return isOptions(last)
      ? [args.slice(0, -1) as AxisIndex[], { ...defaults, ...last }]
      : [args as AxisIndex[], defaults];
  };
  const plan = (...args: IndexArgs) => {
    const [index, opts] = split(args);
    return planSlice(header, normalizeIndex(header.shape, index), opts);
  };
  const slice = (...args: IndexArgs) => {
    try {
      const [index, opts] = split(args);
      return readSlice(source, header, planSlice(header, normalizeIndex(header.shape, index), opts), opts);
    } catch (err) {
      return Promise.reject(err);
    }
  };
  const close = async () => {
    await (source as { close?: () => Promise<void> }).close?.();
  };
  return {
    header,
    dtype: header.dtype,
    shape: header.shape,
    fortranOrder: header.fortranOrder,
    source,
    slice,
    plan,
    rows: (start, end, rowOptions = {}) =>
      readRows(source, start, end, { ...defaults, ...rowOptions, header }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
