import type { ByteSource } from "@npyio/stream";
import { readExactly } from "./byte-source.js";
import { readEndOfCentralDirectory } from "./end-of-central-directory.js";
import {
  applyZip64Extra,
  CENTRAL,
  checkMembers,
  FLAG_UTF8,
  fail,
  SIG_CENTRAL,
  U16_MAX,
  U32_MAX,
  unpack,
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
 * archive declares. LIMIT_EXCEEDED for more than `maxMembers` members.
 */
export async function readCentralDirectory(
  source: ByteSource,
  size: number,
  signal?: AbortSignal,
  maxMembers?: number,
): Promise<{ entries: ZipEntry[]; offset: number }> {
  const { eocd, tail, tailOffset } = await readEndOfCentralDirectory(source, size, signal);
  const { offset, size: length } = eocd;
  // refused on the count alone, before the directory is read or parsed
  checkMembers(eocd.entryCount, maxMembers, offset);
  const cd =
    offset >= tailOffset
      ? tail.subarray(offset - tailOffset, offset - tailOffset + length)
      : await readExactly(source, offset, length, "the central directory", signal);
  const entries: ZipEntry[] = [];
  for (let i = 0, p = 0; i < eocd.entryCount; i++) {
    const at = offset + p;
    if (p + 46 > cd.length) fail(`the central directory ends after ${i} of ${eocd.entryCount} members`, at);
    const [
      sig,
      ,
      ,
      flags,
      method,
      ,
      ,
      crc32,
      csize,
      usize,
      nameLength,
      extraLength,
      commentLength,
      disk,
      ,
      ,
      local,
    ] = unpack(cd, p, CENTRAL);
    if (sig !== SIG_CENTRAL) fail(`expected central directory header ${i + 1} (PK\\1\\2) at byte ${at}`, at);
    const nameEnd = p + 46 + nameLength;
    p = nameEnd + extraLength + commentLength;
    if (p > cd.length) fail(`central directory header ${i + 1} runs past the directory`, at);
    const name = decodeName(cd.subarray(at - offset + 46, nameEnd), (flags & FLAG_UTF8) !== 0, at);
    const values = [usize, csize, local];
    applyZip64Extra(cd.subarray(nameEnd, nameEnd + extraLength), values, at);
    const [size, compressedSize, localHeaderOffset] = values as [number, number, number];
    if (disk && disk !== U16_MAX)
      fail(`member "${name}" starts on disk ${disk} of a split archive`, at, "UNSUPPORTED_ZIP");
    // a genuine 4 GiB - 1 value needs zip64 too, so a placeholder left standing means corruption
    if (values.includes(U32_MAX))
      fail(`member "${name}" has a 0xFFFFFFFF size or offset without a zip64 field`, at);
    entries.push({ name, method, flags, crc32, compressedSize, size, localHeaderOffset });
  }
  // Members must not overlap each other or the directory (overlap is the trick of some zip bombs).
  let free = 0;
  for (const e of entries.slice().sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
    if (e.localHeaderOffset < free)
      fail(`member "${e.name}" overlaps the member before it`, e.localHeaderOffset);
    free = e.localHeaderOffset + 30 + e.compressedSize;
    if (free > offset)
      fail(`member "${e.name}" runs into the central directory at ${offset}`, e.localHeaderOffset);
  }
  return { entries, offset };
}
