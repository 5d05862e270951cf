import type { NpyArray } from "@npyio/dtype";
import { encode } from "@npyio/dtype";
import { MAGIC, NpyError, serializeHeader } from "@npyio/header";
import type { ReadNpyOptions } from "@npyio/stream";
import { readNpy } from "@npyio/stream";

/**
 * How .npy members are decoded: the options of `readNpy` that apply to bytes in memory.
 *
 * @example
 * ```ts
 * const npz = await NpzReader.open(source, { maxHeaderSize: 4096, allowTrailing: true });
 * ```
 */
export type NpyMemberOptions = Pick<ReadNpyOptions, "maxHeaderSize" | "allowTrailing">;

/** Whether a member's bytes start with the .npy magic: numpy's own test in `NpzFile.__getitem__`. */
export function isNpy(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

/** Decodes a .npy member in memory; the data is a view of `bytes` where the dtype allows it. */
export async function decodeNpyMember(
  bytes: Uint8Array,
  name: string,
  options: NpyMemberOptions,
): Promise<NpyArray> {
  if (!isNpy(bytes)) {
    throw new NpyError("BAD_MAGIC", `member "${name}" is not a .npy file; read it with bytes()`);
  }
  return readNpy(bytes, options);
}

/** The .npy bytes of an array as two pieces, numpy's header and the data, so nothing is concatenated. */
export function encodeNpyMember(array: NpyArray, key: string): Uint8Array[] {
  if (typeof array !== "object" || array === null || typeof array.dtype !== "object") {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `"${key}" is not an NpyArray { dtype, shape, fortranOrder, data }`,
    );
  }
  const header = serializeHeader({
    descr: array.dtype.descr,
    fortranOrder: array.fortranOrder ?? false,
    shape: array.shape,
  });
  const data = encode(array.dtype, array.data);
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (data.length !== count * array.dtype.itemsize) {
    throw new NpyError(
      "SHAPE_MISMATCH",
      `"${key}": shape [${array.shape}] needs ${count} elements, the data has ${data.length / (array.dtype.itemsize || 1)}`,
    );
  }
  return [header, data];
}
