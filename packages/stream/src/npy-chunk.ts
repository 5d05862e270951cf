import { type DecodeOptions, type DType, decode, type NpyData } from "@npyio/dtype";
import type { NpyHeader, ParsedHeader } from "@npyio/header";

/**
 * A parsed header with its dtype, as `NpyDecoderStream.header` resolves.
 *
 * @example
 * ```ts
 * const decoder = new NpyDecoderStream();
 * const done = body.pipeThrough(decoder).pipeTo(sink);
 * const { shape, dtype, dataOffset } = await decoder.header; // NpyStreamHeader
 * ```
 */
export interface NpyStreamHeader extends ParsedHeader {
  dtype: DType;
}

/**
 * What a chunk says about the array it belongs to: the header fields plus the dtype.
 *
 * @example
 * ```ts
 * for await (const { header, offset } of body.pipeThrough(new NpyDecoderStream())) {
 *   console.log(header.dtype.descr, header.shape, offset);
 * }
 * ```
 */
export interface NpyChunkHeader extends NpyHeader {
  dtype: DType;
}

/**
 * A run of whole elements of an array, as decoded data in native byte order. `offset` is the index
 * (in file element order) of its first element, `length` how many elements it holds.
 *
 * @example
 * ```ts
 * let sum = 0;
 * for await (const chunk of body.pipeThrough(new NpyDecoderStream())) {
 *   for (const x of chunk.data as Float64Array) sum += x; // chunk.length elements from chunk.offset
 * }
 * ```
 */
export interface NpyChunk<D extends NpyData = NpyData> {
  header: NpyChunkHeader;
  data: D;
  offset: number;
  length: number;
}

/** True for an {@link NpyChunk}; false for bare `NpyData` (a record's columns are never numbers). */
export function isNpyChunk(value: NpyData | NpyChunk): value is NpyChunk {
  const v = value as Partial<NpyChunk>;
  return typeof v.offset === "number" && typeof v.length === "number" && typeof v.header === "object";
}

/** The number of elements a shape holds (numpy's `size`; dtype's `elementCount` counts data instead). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `decode` for a dtype known only at run time (skips the literal-type mapping of its result). */
export const decodeAny = decode as (dtype: DType, bytes: Uint8Array, options?: DecodeOptions) => NpyData;
