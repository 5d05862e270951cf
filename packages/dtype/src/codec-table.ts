import type { Codec } from "./codec.js";
import type { DType } from "./dtype.js";
import { longDoubleCodec } from "./long-double-codec.js";
import { numericCodec } from "./numeric-codec.js";
import { stringCodec, voidCodec } from "./string-codec.js";
import { structCodec, subarrayCodec } from "./struct-codec.js";

/** The codecs other than numbers; struct and subarray codecs look their fields up through `codecFor`. */
const table: Partial<Record<DType["kind"], Codec>> = {
  S: stringCodec,
  U: stringCodec,
  V: voidCodec,
  struct: structCodec(codecFor),
  subarray: subarrayCodec(codecFor),
};

/** The codec for a dtype, by kind. */
export function codecFor(dtype: DType): Codec {
  if (dtype.kind !== "struct" && dtype.kind !== "subarray" && dtype.lossy) return longDoubleCodec;
  // the rest, b i u f c M m, are numbers in typed arrays
  return table[dtype.kind] ?? numericCodec;
}
