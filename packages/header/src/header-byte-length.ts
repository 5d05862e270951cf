import { checkVersion, MAGIC, type NpyVersion, preambleLength } from "./magic.js";
import { NpyError } from "./npy-error.js";

/** Options for reading a header. */
export interface ParseHeaderOptions {
  /**
   * Longest header accepted, in characters, like numpy's `max_header_size` (default 10000). Larger
   * headers give HEADER_TOO_LARGE; raise it only for files you trust.
   */
  maxHeaderSize?: number;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

/** Throws INVALID_ARGUMENT unless `bytes` is a Uint8Array (a Node Buffer is one). */
export function checkBytes(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new NpyError("INVALID_ARGUMENT", `expected a Uint8Array of .npy bytes, found ${typeof bytes}`);
  }
}

/** The version of a prefix of at least 8 bytes whose magic was checked. */
export const versionOf = (prefix: Uint8Array): NpyVersion =>
  checkVersion(prefix[7] ? `${prefix[6]}.${prefix[7]}` : `${prefix[6]}.0`, 6);

/**
 * How many bytes come before the array data (magic, version, length and header dict), or `undefined`
 * when `prefix` is too short to tell. Throws BAD_MAGIC, UNSUPPORTED_VERSION or HEADER_TOO_LARGE as
 * soon as the prefix shows them, so a stream reader never buffers more than the header.
 *
 * @example
 * ```ts
 * headerByteLength(firstChunk); // 128 for a typical numpy file, undefined if firstChunk is < 12 bytes
 * ```
 */
export function headerByteLength(prefix: Uint8Array, options: ParseHeaderOptions = {}): number | undefined {
  checkBytes(prefix);
  const found = prefix.subarray(0, MAGIC.length);
  if (found.some((b, i) => b !== MAGIC[i])) {
    throw new NpyError(
      "BAD_MAGIC",
      `expected the .npy magic bytes 93 4e 55 4d 50 59 ("\\x93NUMPY"), found ${hex(found)}; this is not a .npy file`,
      { offset: 0 },
    );
  }
  if (prefix.length < 8) return undefined;
  const version = versionOf(prefix);
  const start = preambleLength(version);
  if (prefix.length < start) return undefined;
  const view = new DataView(prefix.buffer, prefix.byteOffset + 8, start - 8);
  const length = version === "1.0" ? view.getUint16(0, true) : view.getUint32(0, true);
  const max = options.maxHeaderSize ?? 10000;
  // numpy counts characters; a UTF-8 character (3.0) takes at most 4 bytes, the exact check is in parseHeader
  if (length > (version === "3.0" ? 4 * max : max)) throw headerTooLarge(length, max);
  return start + length;
}

/** HEADER_TOO_LARGE for a header of `size` characters. */
export const headerTooLarge = (size: number, max: number): NpyError =>
  new NpyError(
    "HEADER_TOO_LARGE",
    `expected a header of at most ${max} characters (maxHeaderSize, like numpy's max_header_size), found ${size}; if you trust the file, pass { maxHeaderSize: ${size} }`,
    { offset: 8 },
  );
