import type { NpyArray } from "@npyio/dtype";
import { encode } from "@npyio/dtype";
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
  return readNpy(bytes, options);
}

/** The .npy bytes of an array as two pieces, numpy's header and the data, so nothing is concatenated. */
export function encodeNpyMember(array: NpyArray, key: string): Uint8Array[] {
  if (typeof array?.dtype !== "object")
    fail(`"${key}" is not an NpyArray { dtype, shape, fortranOrder, data }`, undefined, "INVALID_ARGUMENT");
  const header = serializeHeader({
    descr: array.dtype.descr,
    fortranOrder: array.fortranOrder ?? false,
    shape: array.shape,
  });
  const data = encode(array.dtype, array.data);
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (data.length !== count * array.dtype.itemsize) {
    fail(
      `"${key}": shape [${array.shape}] needs ${count} elements, the data has ${data.length / (array.dtype.itemsize || 1)}`,
      undefined,
      "SHAPE_MISMATCH",
    );
  }
  return [header, data];
}
