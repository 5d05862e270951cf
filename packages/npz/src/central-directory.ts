import { NpyError } from "@npyio/header";
import type { ByteSource } from "@npyio/stream";
import { readExactly } from "./byte-source.js";
import { readEndOfCentralDirectory } from "./end-of-central-directory.js";
import {
  applyZip64Extra,
  badZip,
  CENTRAL_HEADER_LENGTH,
  FLAG_UTF8,
  LOCAL_HEADER_LENGTH,
  SIG_CENTRAL,
  U16_MAX,
  U32_MAX,
  u16,
  u32,
} from "./zip-format.js";
import { decodeName } from "./zip-name.js";

/** One member as the central directory describes it; nothing is inflated to learn this. */
export interface ZipEntry {
  /** The member name, decoded (UTF-8 with flag 0x800, else code page 437). */
  name: string;
  /** 0 stored, 8 deflate; other values are listed but cannot be read. */
  method: number;
  /** General purpose bit flags. */
  flags: number;
  crc32: number;
  compressedSize: number;
  /** Uncompressed size. */
  size: number;
  localHeaderOffset: number;
}

/**
 * Reads the central directory of the archive in `source`: one read of the tail (up to 66 kB),
 * plus one for the directory itself when the tail does not already hold it. Checks that members do
 * not overlap and lie before the directory (at `offset`), so later reads are bounded by what the
 * archive declares.
 */
export async function readCentralDirectory(
  source: ByteSource,
  size: number,
  signal?: AbortSignal,
): Promise<{ entries: ZipEntry[]; offset: number }> {
  const { eocd, tail, tailOffset } = await readEndOfCentralDirectory(source, size, signal);
  const cd =
    eocd.offset >= tailOffset
      ? tail.subarray(eocd.offset - tailOffset, eocd.offset - tailOffset + eocd.size)
      : await readExactly(source, eocd.offset, eocd.size, "the central directory", signal);
  const entries = parseCentralDirectory(cd, eocd.entryCount, eocd.offset);
  checkLayout(entries, eocd.offset);
  return { entries, offset: eocd.offset };
}

/** Parses `count` central directory headers from `bytes`, which start at archive offset `base`. */
export function parseCentralDirectory(bytes: Uint8Array, count: number, base: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    const at = base + p;
    if (p + CENTRAL_HEADER_LENGTH > bytes.length) {
      badZip(`central directory ends after ${i} of ${count} declared members`, at);
    }
    if (u32(bytes, p) !== SIG_CENTRAL) {
      badZip(
        `expected central directory header ${i + 1} of ${count} (PK\\1\\2) at byte ${at}, found other bytes`,
        at,
      );
    }
    const flags = u16(bytes, p + 8);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const next = p + CENTRAL_HEADER_LENGTH + nameLength + extraLength + commentLength;
    if (next > bytes.length)
      badZip(`central directory header ${i + 1} of ${count} runs past the directory`, at);
    const nameStart = p + CENTRAL_HEADER_LENGTH;
    const name = decodeName(bytes.subarray(nameStart, nameStart + nameLength), (flags & FLAG_UTF8) !== 0, at);
    const values = {
      size: u32(bytes, p + 24),
      compressedSize: u32(bytes, p + 20),
      offset: u32(bytes, p + 42),
    };
    const extra = bytes.subarray(nameStart + nameLength, nameStart + nameLength + extraLength);
    applyZip64Extra(extra, values, true, name, at);
    const disk = u16(bytes, p + 34);
    if (disk !== 0 && disk !== U16_MAX) {
      throw new NpyError(
        "UNSUPPORTED_ZIP",
        `member "${name}" starts on disk ${disk}; split archives are not supported`,
        {
          offset: at,
        },
      );
    }
    if (values.size === U32_MAX || values.compressedSize === U32_MAX || values.offset === U32_MAX) {
      // A genuine 4 GiB - 1 value is possible but no writer emits it without zip64; treat as corrupt.
      badZip(`member "${name}" has a 0xFFFFFFFF size or offset but no zip64 extra field`, at);
    }
    entries.push({
      name,
      method: u16(bytes, p + 10),
      flags,
      crc32: u32(bytes, p + 16),
      compressedSize: values.compressedSize,
      size: values.size,
      localHeaderOffset: values.offset,
    });
    p = next;
  }
  return entries;
}

/** Members must not overlap each other or the central directory (overlap is the trick of some zip bombs). */
function checkLayout(entries: ZipEntry[], cdOffset: number): void {
  const byOffset = entries.slice().sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let free = 0;
  let previous = "";
  for (const e of byOffset) {
    if (e.localHeaderOffset < free) {
      badZip(
        `member "${e.name}" starts at byte ${e.localHeaderOffset}, inside member "${previous}" (which needs bytes up to ${free}); overlapping members are refused`,
        e.localHeaderOffset,
      );
    }
    free = e.localHeaderOffset + LOCAL_HEADER_LENGTH + e.compressedSize;
    previous = e.name;
    if (free > cdOffset) {
      badZip(
        `member "${e.name}" at byte ${e.localHeaderOffset} declares ${e.compressedSize} compressed bytes, which run into the central directory at ${cdOffset}`,
        e.localHeaderOffset,
      );
    }
  }
}
