import type { Codec } from "./codec.js";
import type { DType } from "./dtype.js";
import { longDoubleCodec } from "./long-double-codec.js";
import { numericCodec } from "./numeric-codec.js";
import { bytesCodec, unicodeCodec, voidCodec } from "./string-codec.js";
import { structCodec, subarrayCodec } from "./struct-codec.js";

let table: Partial<Record<DType["kind"], Codec>> | undefined;

/** The codec for a dtype, by kind. (Built on first use: struct codecs call back into this table.) */
export function codecFor(dtype: DType): Codec {
  if (dtype.kind !== "struct" && dtype.kind !== "subarray" && dtype.lossy) return longDoubleCodec;
  table ??= { S: bytesCodec, U: unicodeCodec, V: voidCodec, struct: structCodec, subarray: subarrayCodec };
  // the rest, b i u f c M m, are numbers in typed arrays
  return table[dtype.kind] ?? numericCodec;
}
