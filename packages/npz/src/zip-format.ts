import { fail, member } from "./zip-error.js";

/** The zip format's records: signatures, field layouts, and packing and unpacking them. */

/** Record signatures of the zip format (APPNOTE.TXT 4.3), as little-endian u32. */
export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_END = 0x06054b50;
export const SIG_ZIP64_END = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;
export const SIG_DESCRIPTOR = 0x08074b50;

export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;

export const FLAG_DESCRIPTOR = 0x8;
export const FLAG_UTF8 = 0x800;

/** A 32-bit size or offset field holding this value means "see the zip64 extra field". */
export const U32_MAX = 0xffffffff;
export const U16_MAX = 0xffff;

/**
 * Record layouts as the byte widths of their fields, in order (APPNOTE 4.3.7-4.3.16); one table
 * drives both parsing and writing. Variable parts (name, extra, comment) follow.
 */
// signature, version needed, flags, method, time, date, crc, compressed, size, name length, extra length
export const LOCAL = [4, 2, 2, 2, 2, 2, 4, 4, 4, 2, 2] as const;
// signature, made by, then the local header's fields from version needed to extra length, then
// comment length, disk, internal attributes, external attributes, local header offset
export const CENTRAL = [4, 2, ...LOCAL.slice(1), 2, 2, 2, 4, 4] as const;
// signature, disk, directory disk, entries on disk, entries, directory size, offset, comment length
export const END = [4, 2, 2, 2, 2, 4, 4, 2] as const;
// signature, record size, made by, needed, disk, directory disk, entries on disk, entries, size, offset
export const ZIP64_END = [4, 8, 2, 2, 4, 4, 8, 8, 8, 8] as const;
// signature, disk of the zip64 end record, its offset, total disks
export const LOCATOR = [4, 4, 8, 4] as const;
// signature, CRC-32, compressed size, size (zip64 widths, as this writer always announces zip64)
export const DESCRIPTOR = [4, 4, 8, 8] as const;

/** Total length of `parts` (records or their byte widths). */
export const lengthOf = (parts: readonly (number | Uint8Array)[]): number =>
  parts.reduce<number>((n, p) => n + (typeof p === "number" ? p : p.length), 0);

/** The little-endian field `w` bytes wide at `o`; 8-byte values past 2^53 are refused, not rounded. */
export function uint(b: Uint8Array, o: number, w = 4): number {
  let v = 0;
  for (let i = w - 1; i >= 0; i--) v = v * 256 + b[o + i]!;
  if (v > Number.MAX_SAFE_INTEGER) fail(`a zip64 field at byte ${o} is past 2^53`, o);
  return v;
}

/** The fields of the record at `o` (whose bytes must be there). */
export function unpack<L extends readonly number[]>(
  b: Uint8Array,
  o: number,
  layout: L,
): { -readonly [K in keyof L]: number } {
  return layout.map((w) => {
    const v = uint(b, o, w);
    o += w;
    return v;
  }) as { -readonly [K in keyof L]: number };
}

/** A record of `layout` holding `values`, followed by `tails` (name, extra field...). */
export function pack(
  layout: readonly number[],
  values: readonly (number | undefined)[],
  ...tails: Uint8Array[]
): Uint8Array {
  const b = new Uint8Array(lengthOf(layout) + lengthOf(tails));
  let o = 0;
  layout.forEach((w, i) => {
    let v = values[i] ?? 0;
    for (let k = 0; k < w; k++, v = Math.floor(v / 256)) b[o++] = v;
  });
  for (const t of tails) {
    b.set(t, o);
    o += t.length;
  }
  return b;
}

/** Refuses encryption and methods other than stored and deflate. */
export function checkSupported(name: string, method: number, flags: number, offset: number): void {
  // bit 0: encrypted, bit 6: strong encryption, method 99: AES
  const what =
    flags & 0x41 || method === 99
      ? "is encrypted"
      : method !== METHOD_STORED && method !== METHOD_DEFLATE
        ? `uses compression method ${method}, not 0 (stored) or 8 (deflate)`
        : "";
  if (what) fail(`${member(name)} ${what}`, offset, "UNSUPPORTED_ZIP");
}
