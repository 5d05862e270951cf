import { checkVersion, MAGIC } from "./magic.js";
import { fail } from "./npy-error.js";

/**
 * Options for reading a header.
 *
 * @example
 * ```ts
 * parseHeader(bytes, { maxHeaderSize: 200_000 }); // a trusted file with a huge structured dtype
 * ```
 */
export interface ParseHeaderOptions {
  /**
   * Longest header accepted, in characters, like numpy's `max_header_size` (default 10000). Larger
   * headers give HEADER_TOO_LARGE; raise it only for files you trust.
   */
  maxHeaderSize?: number;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

/** Throws HEADER_TOO_LARGE when a header of `size` characters exceeds the limit. */
export const checkSize = (size: number, options: ParseHeaderOptions, factor = 1): void => {
  const max = options.maxHeaderSize ?? 10000;
  if (size > max * factor)
    fail("HEADER_TOO_LARGE", `<= ${max} characters`, size, 8, `if trusted, pass { maxHeaderSize: ${size} }`);
};

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
  if (!(prefix instanceof Uint8Array))
    fail("INVALID_ARGUMENT", "a Uint8Array", typeof prefix, undefined, "pass bytes");
  // the first bytes in hex must begin the magic's
  const found = hex(prefix.subarray(0, 6));
  const magic = hex(MAGIC);
  if (!magic.startsWith(found)) fail("BAD_MAGIC", `.npy magic ${magic}`, found, 0, "not a .npy file");
  if (prefix.length < 8) return;
  const version = checkVersion(`${prefix[6]}.${prefix[7]}`, 6);
  const start = version < "2" ? 10 : 12;
  if (prefix.length < start) return;
  let length = 0;
  for (let i = start; i-- > 8; ) length = length * 256 + prefix[i]!;
  // numpy counts characters; one takes at most 4 bytes in UTF-8 (3.0), the exact check is in parseHeader
  checkSize(length, options, version < "3" ? 1 : 4);
  return start + length;
}
