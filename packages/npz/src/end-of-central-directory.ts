import { NpyError } from "@npyio/header";
import type { ByteSource } from "@npyio/stream";
import { readExactly } from "./byte-source.js";
import {
  badZip,
  CENTRAL_HEADER_LENGTH,
  END_LENGTH,
  SIG_END,
  SIG_ZIP64_END,
  SIG_ZIP64_LOCATOR,
  U16_MAX,
  U32_MAX,
  u16,
  u32,
  u64,
  ZIP64_END_LENGTH,
  ZIP64_LOCATOR_LENGTH,
} from "./zip-format.js";

/** Where the central directory is, from the end record (and the zip64 end record when present). */
export interface EndOfCentralDirectory {
  entryCount: number;
  /** Offset and length of the central directory. */
  offset: number;
  size: number;
  /** Offset of the first end record: nothing of the central directory lies past it. */
  end: number;
  zip64: boolean;
}

// The end record is 22 bytes plus a comment of at most 65535; the zip64 locator sits right before it.
const MAX_TAIL = END_LENGTH + U16_MAX + ZIP64_LOCATOR_LENGTH;

/**
 * Finds the end of central directory record by scanning backwards from the end of the source, then
 * follows the zip64 locator if there is one. Returns the records and the tail bytes read, which
 * often hold the whole central directory of a small archive.
 */
export async function readEndOfCentralDirectory(
  source: ByteSource,
  size: number,
  signal: AbortSignal | undefined,
): Promise<{ eocd: EndOfCentralDirectory; tail: Uint8Array; tailOffset: number }> {
  if (size < END_LENGTH) {
    throw new NpyError(
      "BAD_ZIP",
      `the source is ${size} bytes, smaller than the 22-byte end record of any zip archive; it is not an npz file`,
      { offset: 0 },
    );
  }
  const tailLength = Math.min(size, MAX_TAIL);
  const tailOffset = size - tailLength;
  const tail = await readExactly(
    source,
    tailOffset,
    tailLength,
    "the end of central directory search",
    signal,
  );
  let at = -1;
  // Prefer a record whose comment ends exactly at the end of the source (a stray signature inside a
  // comment must not win), then accept one with trailing bytes.
  for (let p = tail.length - END_LENGTH; p >= 0; p--) {
    if (u32(tail, p) === SIG_END && p + END_LENGTH + u16(tail, p + 20) === tail.length) {
      at = p;
      break;
    }
  }
  if (at < 0) {
    for (let p = tail.length - END_LENGTH; p >= 0; p--) {
      if (u32(tail, p) === SIG_END && p + END_LENGTH + u16(tail, p + 20) <= tail.length) {
        at = p;
        break;
      }
    }
  }
  if (at < 0) {
    throw new NpyError(
      "BAD_ZIP",
      `no end of central directory record (PK\\5\\6) in the last ${tailLength} bytes; the file is not a zip/npz archive or it is truncated`,
      { offset: size },
    );
  }
  const endAt = tailOffset + at;
  const disk = u16(tail, at + 4);
  const cdDisk = u16(tail, at + 6);
  const onDisk = u16(tail, at + 8);
  let entryCount = u16(tail, at + 10);
  let cdSize = u32(tail, at + 12);
  let cdOffset = u32(tail, at + 16);
  let end = endAt;
  let zip64 = false;

  const loc = at - ZIP64_LOCATOR_LENGTH;
  if (loc >= 0 && u32(tail, loc) === SIG_ZIP64_LOCATOR) {
    zip64 = true;
    if (u32(tail, loc + 4) !== 0 || u32(tail, loc + 16) > 1) multiDisk(endAt);
    const recordAt = u64(tail, loc + 8, "zip64 end record offset", tailOffset + loc);
    if (recordAt + ZIP64_END_LENGTH > tailOffset + loc) {
      badZip(
        `the zip64 locator points at byte ${recordAt}, which leaves no room for the 56-byte zip64 end record before the locator at ${tailOffset + loc}`,
        tailOffset + loc,
      );
    }
    const rec =
      recordAt >= tailOffset
        ? tail.subarray(recordAt - tailOffset, recordAt - tailOffset + ZIP64_END_LENGTH)
        : await readExactly(source, recordAt, ZIP64_END_LENGTH, "the zip64 end record", signal);
    if (u32(rec, 0) !== SIG_ZIP64_END) {
      badZip(
        `the zip64 locator points at byte ${recordAt}, where there is no zip64 end record (PK\\6\\6)`,
        recordAt,
      );
    }
    if (u32(rec, 16) !== 0 || u32(rec, 20) !== 0) multiDisk(recordAt);
    const onDisk64 = u64(rec, 24, "zip64 entries on this disk", recordAt);
    entryCount = u64(rec, 32, "zip64 entry count", recordAt);
    if (onDisk64 !== entryCount) multiDisk(recordAt);
    cdSize = u64(rec, 40, "zip64 central directory size", recordAt);
    cdOffset = u64(rec, 48, "zip64 central directory offset", recordAt);
    end = recordAt;
  } else {
    if (disk !== 0 || cdDisk !== 0 || onDisk !== entryCount) multiDisk(endAt);
    if (entryCount === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
      badZip(
        "the end record holds zip64 placeholder values (0xFFFF/0xFFFFFFFF) but there is no zip64 locator",
        endAt,
      );
    }
  }
  if (cdOffset + cdSize > end) {
    badZip(
      `the central directory is declared at bytes ${cdOffset}..${cdOffset + cdSize}, past the end record at ${end}; the archive is truncated or corrupt`,
      end,
    );
  }
  // Each entry takes at least 46 bytes: an absurd count is refused before anything is allocated.
  if (entryCount * CENTRAL_HEADER_LENGTH > cdSize) {
    badZip(
      `the end record declares ${entryCount} members, which need at least ${entryCount * CENTRAL_HEADER_LENGTH} bytes, but the central directory is ${cdSize} bytes`,
      endAt,
    );
  }
  return { eocd: { entryCount, offset: cdOffset, size: cdSize, end, zip64 }, tail, tailOffset };
}

function multiDisk(offset: number): never {
  throw new NpyError(
    "UNSUPPORTED_ZIP",
    "the archive spans several disks (a split/spanned zip); join the parts into one file first (zip -s 0)",
    { offset },
  );
}
