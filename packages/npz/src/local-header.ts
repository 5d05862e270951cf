import {
  applyZip64Extra,
  badZip,
  FLAG_UTF8,
  LOCAL_HEADER_LENGTH,
  SIG_LOCAL,
  u16,
  u32,
} from "./zip-format.js";
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
  /** Whether a zip64 extra field was present (a data descriptor then has 8-byte sizes). */
  zip64: boolean;
  /** Length of the header with its name and extra field: the data starts this many bytes after it. */
  length: number;
}

/** Bytes needed to parse the local header whose first 30 bytes are `fixed`. */
export function localHeaderLength(fixed: Uint8Array): number {
  return LOCAL_HEADER_LENGTH + u16(fixed, 26) + u16(fixed, 28);
}

/** Parses a local header from `bytes` (which must hold `localHeaderLength` bytes), found at archive offset `at`. */
export function parseLocalHeader(bytes: Uint8Array, at: number): LocalHeader {
  if (bytes.length < LOCAL_HEADER_LENGTH || u32(bytes, 0) !== SIG_LOCAL) {
    badZip(`expected a local file header (PK\\3\\4) at byte ${at}, found other bytes`, at);
  }
  const length = localHeaderLength(bytes);
  if (bytes.length < length) badZip(`local file header at byte ${at} is cut short`, at);
  const flags = u16(bytes, 6);
  const nameLength = u16(bytes, 26);
  const name = decodeName(bytes.subarray(30, 30 + nameLength), (flags & FLAG_UTF8) !== 0, at);
  const values = { size: u32(bytes, 22), compressedSize: u32(bytes, 18), offset: 0 };
  const zip64 = applyZip64Extra(bytes.subarray(30 + nameLength, length), values, false, name, at);
  return {
    name,
    flags,
    method: u16(bytes, 8),
    crc32: u32(bytes, 14),
    compressedSize: values.compressedSize,
    size: values.size,
    zip64,
    length,
  };
}
