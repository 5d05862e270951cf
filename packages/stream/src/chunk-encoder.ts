import { type Descr, type DType, encode, type NpyData, parseDescr } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import { isNpyChunk, type NpyChunk } from "./npy-chunk.js";

/**
 * A dtype given as a parsed `DType` or as a descr (`"<f4"`, a field list...).
 *
 * @example
 * ```ts
 * new NpyEncoderStream({ dtype: "<f4", shape: [3] }); // a descr...
 * new NpyEncoderStream({ dtype: parseDescr("<f4"), shape: [3] }); // ...or a parsed DType
 * ```
 */
export type DTypeLike = DType | Descr;

/** The `DType` for a dtype-like value. */
export function toDType(dtype: DTypeLike): DType {
  const d = dtype as Partial<DType>;
  if (typeof d === "object" && d !== null && typeof d.itemsize === "number" && "kind" in d)
    return dtype as DType;
  return parseDescr(dtype as Descr);
}

/** Encodes chunks to one dtype's bytes (its own byte order) and counts the elements written. */
export class ChunkEncoder {
  readonly dtype: DType;
  elements = 0;

  constructor(dtype: DType) {
    this.dtype = dtype;
  }

  /** The bytes of `chunk` in the dtype's byte order. */
  encode(chunk: NpyData | NpyChunk): Uint8Array {
    const bytes = encode(this.dtype, isNpyChunk(chunk) ? chunk.data : chunk);
    const size = this.dtype.itemsize;
    if (size > 0) this.elements += bytes.length / size;
    return bytes;
  }
}

/** SHAPE_MISMATCH for a writer that received a different number of elements than its shape holds. */
export function shapeMismatch(shape: readonly number[], want: number, got: number): NpyError {
  return new NpyError("SHAPE_MISMATCH", `shape (${shape}) holds ${want} elements, got ${got}`);
}
