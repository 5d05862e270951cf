import { crc32 } from "./crc32.js";
import { deflateChunksSync } from "./fflate-streams.js";
import { concat, DEFAULT_LEVEL } from "./zip-codec.js";
import { fail } from "./zip-error.js";
import { lengthOf, METHOD_DEFLATE, METHOD_STORED } from "./zip-format.js";
import { zipWriter } from "./zip-writer.js";

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

export function checkLevel(level = DEFAULT_LEVEL): number {
  if (!Number.isInteger(level) || level < 0 || level > 9)
    fail(`level must be an integer 0-9, found ${level}`, undefined, "INVALID_ARGUMENT");
  return level;
}

/**
 * A synchronous raw deflate of a member given in pieces, its output in chunks: fflate's
 * (`deflateChunksSync`) by default, native zlib's in Node (`deflateChunksNodeSync`).
 */
export type DeflateChunksSync = (parts: Uint8Array[], level: number) => Uint8Array[];

/** A synchronous, in-memory zip writer: every member's bytes are at hand; `deflate` compresses them. */
export function serializeZip(
  members: Iterable<ZipInput>,
  options: ZipWriteOptions = {},
  deflate: DeflateChunksSync = deflateChunksSync,
): Uint8Array {
  const level = checkLevel(options.level);
  const method = options.compress ? METHOD_DEFLATE : METHOD_STORED;
  const zip = zipWriter(options.forceZip64);
  const out: Uint8Array[] = [];
  for (const m of members) {
    const parts = Array.isArray(m.data) ? m.data : [m.data];
    let crc = 0;
    for (const p of parts) crc = crc32(p, crc);
    const size = lengthOf(parts);
    const body = method ? deflate(parts, level) : parts;
    const compressedSize = lengthOf(body);
    zip.claim(m.name);
    out.push(zip.begin(m.name, method, { crc32: crc, compressedSize, size }), ...body);
    zip.end(crc, compressedSize, size);
  }
  out.push(zip.finish());
  return concat(out);
}
