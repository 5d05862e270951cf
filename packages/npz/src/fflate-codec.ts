import { inflateSync } from "fflate";
import { fflateStreams } from "./fflate-streams.js";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, sizeLie } from "./zip-codec.js";

/**
 * The pure-JavaScript engine: fflate. Runs everywhere, synchronously under the hood.
 *
 * @example
 * ```ts
 * const npz = await NpzReader.open(bytes, { codec: fflateCodec }); // the same inflate on every runtime
 * ```
 */
export const fflateCodec: ZipCodec = {
  ...fflateStreams,
  inflate: async (data, size) => inflateRawSync(data, size),
};

/**
 * Synchronous raw inflate into a buffer of the declared size (plus one byte, to see a lie): fflate
 * does not grow a buffer it is given, so a bomb costs CPU bounded by its input, not memory.
 */
export function inflateRawSync(data: Uint8Array, size: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflateSync(data, { out: new Uint8Array(size + 1) });
  } catch (err) {
    // a stored block that does not fit the given buffer surfaces as a RangeError from set()
    throw err instanceof RangeError ? sizeLie(size) : badDeflate(err);
  }
  if (out.length !== size) throw sizeLie(size, out.length);
  return out;
}
