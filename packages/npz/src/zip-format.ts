import { NpyError } from "@npyio/header";

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
// signature, made by, needed, flags, method, time, date, crc, compressed, size, name, extra, comment
// lengths, disk, internal attributes, external attributes, local header offset
export const CENTRAL = [4, 2, 2, 2, 2, 2, 2, 4, 4, 4, 2, 2, 2, 2, 2, 4, 4] as const;
// signature, disk, directory disk, entries on disk, entries, directory size, offset, comment length
export const END = [4, 2, 2, 2, 2, 4, 4, 2] as const;
// signature, record size, made by, needed, disk, directory disk, entries on disk, entries, size, offset
export const ZIP64_END = [4, 8, 2, 2, 4, 4, 8, 8, 8, 8] as const;
// signature, disk of the zip64 end record, its offset, total disks
export const LOCATOR = [4, 4, 8, 4] as const;

export const lengthOf = (layout: readonly number[]) => layout.reduce((a, b) => a + b, 0);

/** Throws BAD_ZIP (or `code`) with the byte offset. */
export function fail(
  message: string,
  offset?: number,
  code: "BAD_ZIP" | "UNSUPPORTED_ZIP" | "TRUNCATED" = "BAD_ZIP",
): never {
  throw new NpyError(code, message, { offset });
}

/** The little-endian field `w` bytes wide at `o`; 8-byte values past 2^53 are refused, not rounded. */
export function uint(b: Uint8Array, o: number, w = 4): number {
  let v = 0;
  for (let i = w - 1; i >= 0; i--) v = v * 256 + b[o + i]!;
  if (v > Number.MAX_SAFE_INTEGER) fail(`a zip64 field at byte ${o} is past 2^53; the archive is corrupt`, o);
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
  let n = lengthOf(layout);
  for (const t of tails) n += t.length;
  const b = new Uint8Array(n);
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
  if (flags & 0x41 || method === 99)
    fail(`member "${name}" is encrypted; decrypt it with a zip tool`, offset, "UNSUPPORTED_ZIP");
  if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
    fail(
      `member "${name}" uses compression method ${method}; only 0 (stored) and 8 (deflate) are supported, as numpy writes`,
      offset,
      "UNSUPPORTED_ZIP",
    );
  }
}

/** DEFLATE's largest expansion (258 bytes from 2 bits): the default and ceiling of `maxRatio`. */
export const MAX_RATIO = 1032;
/** Default `maxMembers`: 16 times what a zip without zip64 can count (numpy's archives hold far fewer). */
export const MAX_MEMBERS = 65535 * 16;

/**
 * BAD_ZIP unless `size` uncompressed bytes can come out of `compressedSize`: a stored member holds
 * exactly its bytes and DEFLATE expands at most 1032:1, so a larger declared size is a lie told to
 * make a reader allocate. LIMIT_EXCEEDED past a caller's smaller `maxRatio`. Checked before
 * anything is allocated or inflated.
 */
export function checkRatio(
  name: string,
  method: number,
  compressedSize: number,
  size: number,
  offset?: number,
  maxRatio = MAX_RATIO,
) {
  if (method === METHOD_STORED ? size !== compressedSize : size > compressedSize * MAX_RATIO + 1024)
    fail(`member "${name}" declares ${size} bytes from ${compressedSize} compressed: impossible`, offset);
  if (maxRatio < MAX_RATIO && size > compressedSize * maxRatio) {
    throw new NpyError(
      "LIMIT_EXCEEDED",
      `member "${name}" declares ${size} bytes from ${compressedSize} compressed, a ratio over the maxRatio of ${maxRatio}; raise maxRatio if you trust the archive`,
      { offset },
    );
  }
}

/** LIMIT_EXCEEDED for an archive of more than `maxMembers` members. */
export function checkMembers(count: number, maxMembers = MAX_MEMBERS, offset?: number, atLeast = false) {
  if (count > maxMembers) {
    throw new NpyError(
      "LIMIT_EXCEEDED",
      `the archive holds ${atLeast ? "at least " : ""}${count} members, more than the maxMembers of ${maxMembers}; raise maxMembers if you trust the archive`,
      { offset },
    );
  }
}

/**
 * Applies the zip64 extra field (id 1, APPNOTE 4.5.3) in `extra` to `values`: only the fields
 * whose 32-bit value is 0xFFFFFFFF are present, in the order size, compressed size, offset.
 * Returns whether the field was there.
 */
export function applyZip64Extra(extra: Uint8Array, values: number[], at: number): boolean {
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
      return true;
    }
    p += len;
  }
  return false;
}
