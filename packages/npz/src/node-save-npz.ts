import { deflateChunksNodeSync } from "./node-codec.js";
import { type NpzArrays, type SaveNpzOptions, saveNpzWith } from "./save-npz.js";

/**
 * `saveNpz` as Node gets it from `@npyio/npz` and `npyio` (the `node` export condition): the same
 * archive, members deflated by native zlib (`deflateRawSync`) instead of fflate.
 *
 * @example
 * ```ts
 * const bytes = saveNpz({ x, y }, { compress: true }); // np.savez_compressed, on node:zlib
 * ```
 */
export function saveNpz(arrays: NpzArrays, options: SaveNpzOptions = {}): Uint8Array {
  return saveNpzWith(arrays, options, deflateChunksNodeSync);
}
