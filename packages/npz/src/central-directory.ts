import type { ByteSource } from "@npyio/stream";
import { readEndOfCentralDirectory } from "./end-of-central-directory.js";
import { parseEntryHeader } from "./entry-header.js";
import { fail, member } from "./zip-error.js";
import { U16_MAX, U32_MAX } from "./zip-format.js";
import { checkMembers } from "./zip-limits.js";

/** One member as the central directory describes it; nothing is inflated to learn this. */
export interface ZipEntry {
  /** The member name, decoded: UTF-8, or latin1 when an unflagged name is not valid UTF-8 (see `decodeName`). */
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
 * Reads the central directory of the archive in `source`: one read of the tail (up to 66 kB; none
 * when `tail` holds it already), plus one for the directory itself when the tail does not hold it. Checks that members do
 * not overlap and lie before the directory (at `offset`), so later reads are bounded by what the
 * archive declares. LIMIT_EXCEEDED for more than `maxMembers` members.
 */
export async function readCentralDirectory(
  source: ByteSource,
  size: number,
  signal?: AbortSignal,
  maxMembers?: number,
  tail?: Uint8Array,
): Promise<{ entries: ZipEntry[]; offset: number }> {
  const eocd = await readEndOfCentralDirectory(source, size, signal, tail);
  const { offset, size: cdSize } = eocd;
  // refused on the count alone, before the directory is read or parsed
  checkMembers(eocd.entryCount, maxMembers, offset);
  const cd = await eocd.bytes(offset, cdSize, "the central directory");
  const entries: ZipEntry[] = [];
  for (let i = 0, p = 0; i < eocd.entryCount; i++) {
    const at = offset + p;
    // the entry is the header without what only the directory's layout needs
    const { length, disk, ...entry } = parseEntryHeader(cd, p, true, at);
    p += length;
    if (disk && disk !== U16_MAX)
      fail(`${member(entry.name)} starts on disk ${disk} of a split archive`, at, "UNSUPPORTED_ZIP");
    // a genuine 4 GiB - 1 value needs zip64 too, so a placeholder left standing means corruption
    if ([entry.size, entry.compressedSize, entry.localHeaderOffset].includes(U32_MAX))
      fail(`${member(entry.name)} has a 0xFFFFFFFF size or offset without a zip64 field`, at);
    entries.push(entry);
  }
  // Members must not overlap each other or the directory (overlap is the trick of some zip bombs).
  let free = 0;
  for (const e of entries.slice().sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
    if (e.localHeaderOffset < free)
      fail(`${member(e.name)} overlaps the member before it`, e.localHeaderOffset);
    free = e.localHeaderOffset + 30 + e.compressedSize;
    if (free > offset)
      fail(`${member(e.name)} runs into the central directory at ${offset}`, e.localHeaderOffset);
  }
  return { entries, offset };
}
