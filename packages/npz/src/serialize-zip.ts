import { NpyError } from "@npyio/header";
import { crc32 } from "./crc32.js";
import { deflatePartsSync } from "./fflate-codec.js";
import { DEFAULT_LEVEL } from "./zip-codec.js";
import { METHOD_DEFLATE, METHOD_STORED } from "./zip-format.js";
import { ZipWriter } from "./zip-writer.js";

/** A member to write: its full name and its bytes, possibly in several pieces (a header, then data). */
export interface ZipInput {
  name: string;
  data: Uint8Array | Uint8Array[];
}

/**
 * Options shared by every npz writer.
 *
 * @example
 * ```ts
 * new NpzWriter({ compress: true, level: 1 }); // fast deflate
 * ```
 */
export interface ZipWriteOptions {
  /** Deflate members (like `np.savez_compressed`); default false (stored, like `np.savez`). */
  compress?: boolean;
  /** Deflate level 0-9 when compressing (default 6, zlib's default, as numpy). */
  level?: number;
  /** Write zip64 records even when nothing needs them (for testing readers). */
  forceZip64?: boolean;
}

export function checkLevel(level: number | undefined): number {
  if (level === undefined) return DEFAULT_LEVEL;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new NpyError("INVALID_ARGUMENT", `level must be an integer 0-9, found ${level}`);
  }
  return level;
}

export function totalLength(parts: Uint8Array[]): number {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
}

/** A synchronous, in-memory zip writer on fflate: every member's bytes are at hand. */
export function serializeZip(members: Iterable<ZipInput>, options: ZipWriteOptions = {}): Uint8Array {
  const level = checkLevel(options.level);
  const zip = new ZipWriter(options);
  const out: Uint8Array[] = [];
  for (const m of members) {
    const parts = Array.isArray(m.data) ? m.data : [m.data];
    let crc = 0;
    for (const p of parts) crc = crc32(p, crc);
    const size = totalLength(parts);
    const body = options.compress ? [deflatePartsSync(parts, level)] : parts;
    const compressedSize = totalLength(body);
    const method = options.compress ? METHOD_DEFLATE : METHOD_STORED;
    zip.claim(m.name);
    out.push(zip.begin({ name: m.name, method, known: { crc32: crc, compressedSize, size } }));
    out.push(...body);
    zip.data(compressedSize);
    zip.end(crc, compressedSize, size);
  }
  out.push(zip.finish());
  const bytes = new Uint8Array(zip.offset);
  let p = 0;
  for (const c of out) {
    bytes.set(c, p);
    p += c.length;
  }
  return bytes;
}
