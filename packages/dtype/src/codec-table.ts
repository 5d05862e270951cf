import type { Codec } from "./codec.js";
import type { DType } from "./dtype.js";
import { longDoubleCodec } from "./long-double-codec.js";
import { numericCodec } from "./numeric-codec.js";
import { bytesCodec, unicodeCodec, voidCodec } from "./string-codec.js";
import { structCodec, subarrayCodec } from "./struct-codec.js";

let table: Record<DType["kind"], Codec> | undefined;

/** The codec for a dtype, by kind. (Built on first use: struct codecs call back into this table.) */
export function codecFor(dtype: DType): Codec {
  if (dtype.kind !== "struct" && dtype.kind !== "subarray" && dtype.lossy) return longDoubleCodec;
  table ??= {
    b: numericCodec,
    i: numericCodec,
    u: numericCodec,
    f: numericCodec,
    c: numericCodec,
    M: numericCodec,
    m: numericCodec,
    S: bytesCodec,
    U: unicodeCodec,
    V: voidCodec,
    struct: structCodec,
    subarray: subarrayCodec,
  };
  return table[dtype.kind];
}
