/**
 * True when `prefix` starts as a zip file does: `PK`, the first two bytes of every zip record
 * signature (a local file header, or the end record of an empty archive). How `npyio` tells an
 * .npz archive from a .npy file (which starts with `\x93NUMPY`) before reading further.
 *
 * @example
 * ```ts
 * isZip(new Uint8Array(await blob.slice(0, 4).arrayBuffer())); // true for an .npz
 * ```
 */
export const isZip = (prefix: Uint8Array): boolean => prefix[0] === 0x50 && prefix[1] === 0x4b;
