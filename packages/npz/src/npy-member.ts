import type { NpyArray } from "@npyio/dtype";
import { encode } from "@npyio/dtype";
import { type ArrayInput, toNpyArray } from "@npyio/dtype/convert";
import type { AllowPickleOptions } from "@npyio/dtype/pickle";
import { MAGIC, serializeHeader } from "@npyio/header";
import type { ReadNpyOptions } from "@npyio/stream";
import { readNpy } from "@npyio/stream";
import { fail, member } from "./zip-error.js";

/**
 * How .npy members are decoded: the options of `readNpy` that apply to bytes in memory, and
 * `allowPickle` (with its bounds) for members that are object arrays.
 *
 * @example
 * ```ts
 * const npz = await NpzReader.open(source, { maxHeaderSize: 4096, allowTrailing: true });
 * ```
 */
export type NpyMemberOptions = Pick<ReadNpyOptions, "maxHeaderSize" | "allowTrailing"> & AllowPickleOptions;

/** Whether a member's bytes start with the .npy magic: numpy's own test in `NpzFile.__getitem__`. */
export const isNpy = (bytes: Uint8Array): boolean => MAGIC.every((b, i) => bytes[i] === b);

/** Decodes a .npy member in memory; the data is a view of `bytes` where the dtype allows it. */
export async function decodeNpyMember(
  bytes: Uint8Array,
  name: string,
  options: NpyMemberOptions,
): Promise<NpyArray> {
  if (!isNpy(bytes)) fail(`${member(name)} is not a .npy file; read it with bytes()`, undefined, "BAD_MAGIC");
  // only the decoding options: a caller's onProgress or signal belongs to the archive read
  const {
    maxHeaderSize,
    allowTrailing,
    allowPickle,
    pickleGlobals,
    maxElements,
    maxDepth,
    maxStack,
    maxMemo,
  } = options;
  return readNpy(bytes, {
    maxHeaderSize,
    allowTrailing,
    allowPickle,
    pickleGlobals,
    maxElements,
    maxDepth,
    maxStack,
    maxMemo,
  });
}

/**
 * The .npy bytes of an array as two pieces, numpy's header and the data, so nothing is concatenated.
 * Takes what `save` takes: an `NpyArray` or `{ data, shape?, dtype?, fortranOrder? }`.
 */
export function encodeNpyMember(input: NpyArray | ArrayInput, key: string): Uint8Array[] {
  const { dtype, shape, fortranOrder, data } = toNpyArray(input, `"${key}"`);
  return [serializeHeader({ descr: dtype.descr, fortranOrder, shape }), encode(dtype, data)];
}
