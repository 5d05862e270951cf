export type { NpzInput, UrlOptions } from "./byte-source.js";
export { crc32 } from "./crc32.js";
export { isZip } from "./is-zip.js";
export type { NpyMemberOptions } from "./npy-member.js";
export {
  type NpzEntry,
  NpzReader,
  type NpzReaderOptions,
  type NpzReadOptions,
  openMember,
} from "./npz-reader.js";
export { type NpzMemberOptions, NpzWriter, type NpzWriterOptions } from "./npz-writer.js";
export { type NpzArrays, type SaveNpzOptions, saveNpz } from "./save-npz.js";
export type { ZipWriteOptions } from "./serialize-zip.js";
export { defaultCodec } from "./web-codec.js";
export type { ZipCodec } from "./zip-codec.js";
