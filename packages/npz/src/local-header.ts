import { applyZip64Extra, FLAG_UTF8, fail, LOCAL, SIG_LOCAL, uint, unpack } from "./zip-format.js";
import { decodeName } from "./zip-name.js";

/** A local file header (APPNOTE 4.3.7), the record in front of each member's data. */
export interface LocalHeader {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  /** Sizes as declared here; 0 when bit 3 says they follow the data in a data descriptor. */
  compressedSize: number;
  size: number;
  /** Length of the header with its name and extra field: the data starts this many bytes after it. */
  length: number;
}

/** Bytes needed to parse the local header whose first 30 bytes are `fixed`. */
export const localHeaderLength = (fixed: Uint8Array): number => 30 + uint(fixed, 26, 2) + uint(fixed, 28, 2);

/** Parses a local header from `bytes` (which must hold `localHeaderLength` bytes), found at archive offset `at`. */
export function parseLocalHeader(bytes: Uint8Array, at: number): LocalHeader {
  if (bytes.length < 30 || uint(bytes, 0) !== SIG_LOCAL)
    fail(`expected a local file header (PK\\3\\4) at byte ${at}`, at);
  const length = localHeaderLength(bytes);
  if (bytes.length < length) fail(`the local file header at byte ${at} is cut short`, at);
  const [, , flags, method, , , crc32, csize, usize, nameLength] = unpack(bytes, 0, LOCAL);
  const name = decodeName(bytes.subarray(30, 30 + nameLength), (flags & FLAG_UTF8) !== 0, at);
  const values = [usize, csize];
  applyZip64Extra(bytes.subarray(30 + nameLength, length), values, at);
  const [size, compressedSize] = values as [number, number];
  return { name, flags, method, crc32, compressedSize, size, length };
}
