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

export const FLAG_ENCRYPTED = 0x1;
export const FLAG_DESCRIPTOR = 0x8;
export const FLAG_STRONG_ENCRYPTION = 0x40;
export const FLAG_UTF8 = 0x800;

/** A 32-bit size or offset field holding this value means "see the zip64 extra field". */
export const U32_MAX = 0xffffffff;
export const U16_MAX = 0xffff;
export const ZIP64_EXTRA_ID = 0x0001;

/** Fixed record lengths. */
export const LOCAL_HEADER_LENGTH = 30;
export const CENTRAL_HEADER_LENGTH = 46;
export const END_LENGTH = 22;
export const ZIP64_END_LENGTH = 56;
export const ZIP64_LOCATOR_LENGTH = 20;

export function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

export function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** A u64 field as a JS number; zip64 values past 2^53 are refused rather than rounded. */
export function u64(b: Uint8Array, o: number, what: string, offset: number): number {
  const hi = u32(b, o + 4);
  if (hi > 0x1fffff) {
    throw new NpyError(
      "UNSUPPORTED_ZIP",
      `${what} is ${hi} * 2^32 + ${u32(b, o)}, past 2^53 bytes; no real archive is that large, so the file is corrupt`,
      { offset },
    );
  }
  return hi * 0x100000000 + u32(b, o);
}

export function setU16(b: Uint8Array, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
}

export function setU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
  b[o + 2] = v >>> 16;
  b[o + 3] = v >>> 24;
}

export function setU64(b: Uint8Array, o: number, v: number): void {
  setU32(b, o, v >>> 0);
  setU32(b, o + 4, Math.floor(v / 0x100000000));
}

/** Throws BAD_ZIP with the byte offset. */
export function badZip(message: string, offset?: number): never {
  throw new NpyError("BAD_ZIP", message, { offset });
}

export function methodName(method: number): string {
  const known: Record<number, string> = {
    0: "stored",
    8: "deflate",
    9: "deflate64",
    12: "bzip2",
    14: "lzma",
    93: "zstd",
    95: "xz",
    99: "AES-encrypted",
  };
  return known[method] ?? `method ${method}`;
}

/** Refuses encryption and methods other than stored and deflate, naming what was found. */
export function checkSupported(name: string, method: number, flags: number, offset: number): void {
  if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) || method === 99) {
    throw new NpyError(
      "UNSUPPORTED_ZIP",
      `member "${name}" is encrypted; npz archives are never encrypted, decrypt it with a zip tool first`,
      { offset },
    );
  }
  if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
    throw new NpyError(
      "UNSUPPORTED_ZIP",
      `member "${name}" is compressed with ${methodName(method)}; only stored and deflate are supported (numpy writes only those), re-create the archive with np.savez or np.savez_compressed`,
      { offset },
    );
  }
}

/** Zip64 extended information extra field (APPNOTE 4.5.3): only the fields whose 32-bit value is 0xFFFFFFFF are present, in this order. */
export interface Zip64Values {
  size: number;
  compressedSize: number;
  offset: number;
}

/**
 * Applies the zip64 extra field found in `extra` to the given 32-bit values. `values.offset` is
 * optional (local headers have none). Returns whether a zip64 extra field was present.
 */
export function applyZip64Extra(
  extra: Uint8Array,
  values: Zip64Values,
  hasOffset: boolean,
  name: string,
  at: number,
): boolean {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = u16(extra, p);
    const len = u16(extra, p + 2);
    const body = p + 4;
    if (body + len > extra.length)
      badZip(`extra field of member "${name}" runs past its declared length`, at);
    if (id === ZIP64_EXTRA_ID) {
      let q = body;
      const end = body + len;
      const take = (what: string): number => {
        if (q + 8 > end) badZip(`zip64 extra field of member "${name}" is too short for its ${what}`, at);
        const v = u64(extra, q, `zip64 ${what} of "${name}"`, at);
        q += 8;
        return v;
      };
      if (values.size === U32_MAX) values.size = take("size");
      if (values.compressedSize === U32_MAX) values.compressedSize = take("compressed size");
      if (hasOffset && values.offset === U32_MAX) values.offset = take("offset");
      return true;
    }
    p = body + len;
  }
  return false;
}
