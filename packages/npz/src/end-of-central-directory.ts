import type { ByteSource } from "@npyio/stream";
import { readExactly } from "./read-exactly.js";
import { fail } from "./zip-error.js";
import {
  END,
  LOCATOR,
  SIG_END,
  SIG_ZIP64_END,
  SIG_ZIP64_LOCATOR,
  U16_MAX,
  U32_MAX,
  uint,
  unpack,
  ZIP64_END,
} from "./zip-format.js";

/** Where the central directory is, from the end record (and the zip64 end record when present). */
export interface EndOfCentralDirectory {
  entryCount: number;
  /** Offset and length of the central directory. */
  offset: number;
  size: number;
  /** `length` bytes at `offset` (TRUNCATED naming `what`): from the tail already read when it holds them. */
  bytes(offset: number, length: number, what: string): Promise<Uint8Array>;
}

// lengths of the END, LOCATOR and ZIP64_END layouts
const END_LENGTH = 22;
const LOCATOR_LENGTH = 20;
const ZIP64_END_LENGTH = 56;
// The end record is 22 bytes plus a comment of at most 65535; the zip64 locator sits right before it.
export const MAX_TAIL = END_LENGTH + U16_MAX + LOCATOR_LENGTH;

/** The offset of the end record in `b`: the last whose comment ends exactly at the end of `b`. */
export function findEndRecord(b: Uint8Array): number {
  for (let p = b.length - END_LENGTH; p >= 0; p--) {
    if (uint(b, p) === SIG_END && p + END_LENGTH + uint(b, p + 20, 2) === b.length) return p;
  }
  return -1;
}

const splitArchive = (at: number) =>
  fail("the archive spans several disks (a split zip)", at, "UNSUPPORTED_ZIP");

/**
 * Finds the end of central directory record by scanning backwards from the end of the source, then
 * follows the zip64 locator if there is one. The tail bytes read often hold the whole central
 * directory of a small archive: `bytes` takes it from there. `known` is the tail when already read
 * (by the suffix request that told the size).
 */
export async function readEndOfCentralDirectory(
  source: ByteSource,
  size: number,
  signal: AbortSignal | undefined,
  known?: Uint8Array,
): Promise<EndOfCentralDirectory> {
  const tailOffset = Math.max(0, size - MAX_TAIL);
  const tail =
    known?.length === size - tailOffset
      ? known
      : await readExactly(source, tailOffset, size - tailOffset, "the end record search", signal);
  const bytes = async (offset: number, length: number, what: string) =>
    offset >= tailOffset
      ? tail.subarray(offset - tailOffset, offset - tailOffset + length)
      : readExactly(source, offset, length, what, signal);
  const at = findEndRecord(tail);
  if (at < 0) {
    fail(`no zip end record (PK\\5\\6) in the last ${tail.length} bytes: not a zip, or truncated`, size);
  }
  let [, disk, cdDisk, onDisk, entryCount, cdSize, cdOffset] = unpack(tail, at, END);
  let end = tailOffset + at;
  const loc = at - LOCATOR_LENGTH;
  if (loc >= 0 && uint(tail, loc) === SIG_ZIP64_LOCATOR) {
    const [, z64Disk, recordAt, disks] = unpack(tail, loc, LOCATOR);
    if (z64Disk || disks > 1) splitArchive(end);
    if (recordAt + ZIP64_END_LENGTH > tailOffset + loc)
      fail(`the zip64 locator points past itself, at ${recordAt}`, end);
    const rec = await bytes(recordAt, ZIP64_END_LENGTH, "the zip64 end record");
    let sig: number;
    [sig, , , , disk, cdDisk, onDisk, entryCount, cdSize, cdOffset] = unpack(rec, 0, ZIP64_END);
    if (sig !== SIG_ZIP64_END)
      fail(`no zip64 end record (PK\\6\\6) at byte ${recordAt}, where the locator points`, recordAt);
    end = recordAt;
  } else if (entryCount === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    fail("zip64 placeholders (0xFFFF...) in the end record, and no zip64 locator", end);
  }
  if (disk || cdDisk || onDisk !== entryCount) splitArchive(end);
  if (cdOffset + cdSize > end) {
    fail(
      `the central directory (bytes ${cdOffset}..${cdOffset + cdSize}) runs past the end record at ${end}`,
      end,
    );
  }
  // Each entry takes at least 46 bytes: an absurd count is refused before anything is allocated.
  if (entryCount * 46 > cdSize) {
    fail(`${entryCount} members declared in a central directory of ${cdSize} bytes`, end);
  }
  return { entryCount, offset: cdOffset, size: cdSize, bytes };
}
