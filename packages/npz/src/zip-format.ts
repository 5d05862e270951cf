import type { NpyErrorCode } from "@npyio/header";
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

/** An NpyError at byte `offset` (when known), caused by `cause` (when given); BAD_ZIP unless `code` says otherwise. */
export const zipError = (
  message: string,
  offset?: number,
  code: NpyErrorCode = "BAD_ZIP",
  cause?: unknown,
): NpyError => new NpyError(code, message, cause === undefined ? { offset } : { offset, cause });

/** Throws {@link zipError}. */
export function fail(message: string, offset?: number, code?: NpyErrorCode): never {
  throw zipError(message, offset, code);
}

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

/** `member "name"`, as every message about one member starts. */
export const member = (name: string): string => `member "${name}"`;

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

/** DEFLATE's largest expansion (258 bytes from 2 bits): the default and ceiling of `maxRatio`. */
export const MAX_RATIO = 1032;
/** Default `maxMembers`: 16 times what a zip without zip64 can count (numpy's archives hold far fewer). */
export const MAX_MEMBERS = 65535 * 16;

/**
 * LIMIT_EXCEEDED: what was `found` is over what `option` allows (`allowed`). Every limit of the
 * readers says it the same way, with the option to raise.
 */
export const overLimit = (found: string, option: string, allowed: number | string, offset?: number) =>
  zipError(
    `${found}, over the ${option} of ${allowed}; raise ${option} if you trust the archive`,
    offset,
    "LIMIT_EXCEEDED",
  );

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
  const found = `${member(name)} declares ${size} bytes from ${compressedSize} compressed`;
  if (method === METHOD_STORED ? size !== compressedSize : size > compressedSize * MAX_RATIO + 1024)
    fail(`${found}: impossible`, offset);
  if (maxRatio < MAX_RATIO && size > compressedSize * maxRatio)
    throw overLimit(found, "maxRatio", maxRatio, offset);
}

/** LIMIT_EXCEEDED for an archive of more than `maxMembers` members. */
export function checkMembers(count: number, maxMembers = MAX_MEMBERS, offset?: number, atLeast = false) {
  if (count > maxMembers)
    throw overLimit(
      `the archive holds ${atLeast ? "at least " : ""}${count} members`,
      "maxMembers",
      maxMembers,
      offset,
    );
}

/** LIMIT_EXCEEDED for a member of `size` bytes when only `left` remain of maxTotalBytes. */
export const overBudget = (name: string, size: number, left: number) =>
  overLimit(`${member(name)} needs ${size} bytes`, "maxTotalBytes", `${left} left`);
