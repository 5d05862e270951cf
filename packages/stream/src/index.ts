export { type ByteOrderChoice, byteOrderStream } from "./byte-order-stream.js";
export {
  type ByteSource,
  blobSource,
  bytesSource,
  type ReadOptions,
  type SourceReadableOptions,
  sourceReadable,
} from "./byte-source.js";
export { type CastStreamOptions, castStream } from "./cast-stream.js";
export type { DTypeLike } from "./chunk-encoder.js";
export { HttpSource, type HttpSourceOptions, httpSource } from "./http-source.js";
export { type MapRowsOptions, mapRows, type RowMapper } from "./map-rows.js";
export type { NpyChunk, NpyChunkHeader, NpyStreamHeader } from "./npy-chunk.js";
export { NpyDecoderStream, type NpyDecoderStreamOptions } from "./npy-decoder-stream.js";
export { NpyEncoderStream, type NpyEncoderStreamOptions } from "./npy-encoder-stream.js";
export { type NpyWritableOptions, npyAppendWritable, npyWritable } from "./npy-writable.js";
export { type ReadHeaderOptions, readHeader } from "./read-header.js";
export { type NpySource, type ReadNpyOptions, readNpy } from "./read-npy.js";
export { type ReadRowsOptions, readRows } from "./read-rows.js";
export { type FileSystemWritableLike, fileSystemSink, type SeekableSink } from "./seekable-sink.js";
export type { LimitOptions, ProgressInfo, StreamOptions } from "./stream-options.js";
