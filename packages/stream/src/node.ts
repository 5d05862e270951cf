export { type AppendInput, appendNpy } from "./append-npy.js";
export { fileSink, fileWritable } from "./file-sink.js";
export { type FileSource, fileSource, isLocalPath } from "./file-source.js";
export { readFileBytes } from "./read-file-bytes.js";
