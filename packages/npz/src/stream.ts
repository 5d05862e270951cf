// Sequential archives: read front to back from a stream (no central directory needed) and written
// from a stream of members. Random access (NpzReader) and NpzWriter are in the main entry.
export {
  NpzDecoderStream,
  type NpzDecoderStreamOptions,
  type NpzMember,
  readNpzStream,
} from "./npz-decoder-stream.js";
export { type NpzEncoderInput, NpzEncoderStream } from "./npz-encoder-stream.js";
