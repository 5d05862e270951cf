export { abortable, abortError, onAbort, throwIfAborted, toNpyError } from "./abort.js";
export { allocateBytes, checkAllocatable } from "./allocate-bytes.js";
export {
  type ByteSource,
  blobSource,
  bytesSource,
  type ReadOptions,
  type SourceReadableOptions,
  sourceReadable,
} from "./byte-source.js";
export type { DTypeLike } from "./chunk-encoder.js";
export { type HttpSource, type HttpSourceOptions, httpSource } from "./http-source.js";
export type { NpyChunk, NpyChunkHeader, NpyStreamHeader } from "./npy-chunk.js";
export { NpyDecoderStream, type NpyDecoderStreamOptions } from "./npy-decoder-stream.js";
export { NpyEncoderStream, type NpyEncoderStreamOptions } from "./npy-encoder-stream.js";
export type { AxisIndex, AxisSelection } from "./npy-index.js";
export {
  type IndexArgs,
  type NpyReader,
  type OpenNpyOptions,
  openNpy,
  type SliceOptions,
} from "./open-npy.js";
export { type ReadHeaderOptions, readHeader } from "./read-header.js";
export { type NpySource, type ReadNpyOptions, readNpy } from "./read-npy.js";
export type { ReadRangesOptions } from "./read-ranges.js";
export { type ReadRowsOptions, readRows } from "./read-rows.js";
export type { ReadSliceOptions } from "./read-slice.js";
export type { SlicePlan, SlicePlanOptions } from "./slice-plan.js";
export type { LimitOptions, ProgressInfo, StreamOptions } from "./stream-options.js";
