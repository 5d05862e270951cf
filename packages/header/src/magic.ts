import { fail } from "./npy-error.js";

/**
 * The six bytes every .npy file starts with: `\x93NUMPY`. Shared, so never mutate it.
 *
 * @example
 * ```ts
 * const isNpy = MAGIC.every((b, i) => bytes[i] === b);
 * ```
 */
export const MAGIC: Uint8Array = Uint8Array.from("\x93NUMPY", (c) => c.charCodeAt(0));

/**
 * The .npy format versions: 1.0 (u16 header length, latin1), 2.0 (u32, latin1) and 3.0 (u32, UTF-8).
 * Named after numpy's `_header_size_info`.
 *
 * @example
 * ```ts
 * parseHeader(bytes).version; // "1.0" for most files numpy writes
 * serializeHeader(header, { version: "2.0" });
 * ```
 */
export type NpyVersion = "1.0" | "2.0" | "3.0";

/** Throws UNSUPPORTED_VERSION unless `version` is one numpy reads and writes. */
export const checkVersion = (version: unknown, offset?: number): NpyVersion =>
  /^[123]\.0$/.test(version as string)
    ? (version as NpyVersion)
    : fail("UNSUPPORTED_VERSION", "format 1.0, 2.0 or 3.0", version, offset, "numpy has no other");
