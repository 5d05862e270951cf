import { fail } from "./zip-error.js";
import { CENTRAL, FLAG_UTF8, LOCAL, SIG_CENTRAL, SIG_LOCAL, U32_MAX, uint, unpack } from "./zip-format.js";
import { decodeName } from "./zip-name.js";

/**
 * Applies the zip64 extra field (id 1, APPNOTE 4.5.3) in `extra` to `values`: only the fields
 * whose 32-bit value is 0xFFFFFFFF are present, in the order size, compressed size, offset.
 */
function applyZip64Extra(extra: Uint8Array, values: number[], at: number): void {
  for (let p = 0; p + 4 <= extra.length; ) {
    const [id, len] = unpack(extra, p, [2, 2] as const);
    p += 4;
    if (p + len > extra.length) fail("an extra field runs past its declared length", at);
    if (id === 1) {
      let q = p;
      values.forEach((v, i) => {
        if (v !== U32_MAX) return;
        if (q + 8 > p + len) fail("a zip64 extra field is too short", at);
        values[i] = uint(extra, q, 8);
        q += 8;
      });
      return;
    }
    p += len;
  }
}

/** Bytes needed to parse the local header whose first 30 bytes are `fixed`. */
export const localHeaderLength = (fixed: Uint8Array): number => 30 + uint(fixed, 26, 2) + uint(fixed, 28, 2);

/** A local or central file header: the fields the two records share, as the readers need them. */
export interface EntryHeader {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  /** Sizes (and the central header's local header offset) with the zip64 extra field applied. */
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** The header's length with its name, extra field and comment. */
  length: number;
  /** The central header's disk number (0 for a local header). */
  disk: number;
}

/**
 * Parses the local (`central` false) or central file header at `p` in `b`, found at archive offset
 * `at`: BAD_ZIP unless its signature is there and its variable parts end within `b`.
 */
export function parseEntryHeader(b: Uint8Array, p: number, central: boolean, at: number): EntryHeader {
  const [fixed, kind, sig, pk]: [number, string, number, string] = central
    ? [46, "central directory header", SIG_CENTRAL, "1\\2"]
    : [30, "local file header", SIG_LOCAL, "3\\4"];
  if (p + fixed > b.length || uint(b, p) !== sig) fail(`expected a ${kind} (PK\\${pk}) at byte ${at}`, at);
  const f = unpack(b, p, central ? CENTRAL : LOCAL) as number[];
  // without "made by", the central header's fields line up with the local header's
  if (central) f.splice(1, 1);
  const [, , flags = 0, method = 0, , , crc32 = 0, csize = 0, usize = 0, nameLength = 0, extraLength = 0] = f;
  const [comment = 0, disk = 0, , , local = 0] = f.slice(11);
  const nameEnd = p + fixed + nameLength;
  const length = fixed + nameLength + extraLength + comment;
  if (p + length > b.length)
    fail(`the ${kind} at byte ${at} needs ${length} bytes, ${b.length - p} are there`, at);
  const values = [usize, csize, local];
  applyZip64Extra(b.subarray(nameEnd, nameEnd + extraLength), values, at);
  const [size, compressedSize, localHeaderOffset] = values as [number, number, number];
  const name = decodeName(b.subarray(p + fixed, nameEnd), (flags & FLAG_UTF8) !== 0, at);
  return { name, flags, method, crc32, compressedSize, size, localHeaderOffset, length, disk };
}
