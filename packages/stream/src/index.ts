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
export type { NpyChunk, NpyChunkHeader, NpyStreamHeader } from "./npy-chunk.js";
export { NpyDecoderStream, type NpyDecoderStreamOptions } from "./npy-decoder-stream.js";
export { NpyEncoderStream, type NpyEncoderStreamOptions } from "./npy-encoder-stream.js";
export { type ReadHeaderOptions, readHeader } from "./read-header.js";
export { type NpySource, type ReadNpyOptions, readNpy } from "./read-npy.js";
export type { LimitOptions, ProgressInfo, StreamOptions } from "./stream-options.js";
