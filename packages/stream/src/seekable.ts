export { type NpyWritableOptions, npyAppendWritable, npyWritable } from "./npy-writable.js";
export { type FileSystemWritableLike, fileSystemSink, type SeekableSink } from "./seekable-sink.js";
