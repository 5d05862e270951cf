import type { NpyArray } from "@npyio/dtype";
import type { ArrayInput } from "@npyio/dtype/convert";
import { encodeNpyMember } from "./npy-member.js";
import type { DeflateChunksSync, ZipInput, ZipWriteOptions } from "./serialize-zip.js";
import { serializeZip } from "./serialize-zip.js";
import { fail } from "./zip-error.js";
import { checkName } from "./zip-writer.js";

/**
 * Arrays to save: by key, or positional (numpy's `arr_0`, `arr_1`, ...). Each is what `save`
 * takes: an `NpyArray` or `{ data, shape?, dtype?, fortranOrder? }`.
 *
 * @example
 * ```ts
 * saveNpz({ x, y }); // members x.npy, y.npy
 * saveNpz(new Map([["a", a]])); // a.npy
 * saveNpz({ z: { data: new Float32Array(6), shape: [2, 3] } }); // as save() takes it
 * saveNpz([a, b]); // arr_0.npy, arr_1.npy, as np.savez(a, b)
 * ```
 */
export type NpzArrays =
  | Record<string, NpyArray | ArrayInput>
  | Map<string, NpyArray | ArrayInput>
  | (NpyArray | ArrayInput)[];

/**
 * Options of {@link saveNpz}.
 *
 * @example
 * ```ts
 * saveNpz({ x }, { compress: true, level: 9 }); // np.savez_compressed, smallest
 * ```
 */
export type SaveNpzOptions = ZipWriteOptions;

/** The arrays as named members, in order; numpy's `savez` names positional arrays `arr_<i>`. */
export function npzMembers(arrays: NpzArrays): Array<[key: string, array: NpyArray | ArrayInput]> {
  if (Array.isArray(arrays)) return arrays.map((a, i) => [`arr_${i}`, a]);
  if (typeof arrays !== "object" || arrays === null)
    fail("saveNpz expects a Record, a Map or an array of NpyArrays", undefined, "INVALID_ARGUMENT");
  const members = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  // every name checked before any member is encoded or a byte written
  for (const [key] of members) checkName(key);
  return members;
}

/**
 * An npz archive in memory, synchronously: `np.savez` (stored) or, with `{ compress: true }`,
 * `np.savez_compressed`. Member `k` is `k.npy`; `np.load` reads the result. Deflate runs on native
 * zlib in Node (the `node` export condition of `@npyio/npz` and `npyio`) and on fflate elsewhere;
 * `saveNpzAsync` in `@npyio/npz/node` deflates the members in parallel on all cores.
 *
 * @example
 * ```ts
 * const bytes = saveNpz({ x, y }, { compress: true });
 * ```
 */
export function saveNpz(arrays: NpzArrays, options: SaveNpzOptions = {}): Uint8Array {
  return saveNpzWith(arrays, options);
}

/** {@link saveNpz} with a given synchronous deflate (the Node entry passes native zlib's). */
export function saveNpzWith(
  arrays: NpzArrays,
  options: SaveNpzOptions,
  deflate?: DeflateChunksSync,
): Uint8Array {
  return serializeZip(
    npzMembers(arrays).map(
      ([key, array]): ZipInput => ({ name: `${key}.npy`, data: encodeNpyMember(array, key) }),
    ),
    options,
    deflate,
  );
}
