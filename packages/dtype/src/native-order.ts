import type { DType } from "./dtype.js";
import { NATIVE_ORDER, NUMERIC } from "./scalar-table.js";

/**
 * How to bring data of `dtype` into this machine's byte order ahead of {@link decode}: reverse
 * every `width`-byte unit (with {@link byteSwap}), then decode the result as `dtype`, the same dtype
 * in native order. Undefined when the data needs no swap (native order, one-byte items) or is not
 * made of uniform units (structs and subarrays swap field by field, long double unit by unit): then
 * `decode(dtype, bytes, { inPlace: true })` swaps as it decodes.
 *
 * @example
 * ```ts
 * const order = nativeOrder(parseDescr(">f8")); // { width: 8, dtype: parseDescr("<f8") }
 * if (order) decode(order.dtype, byteSwap(bytes, order.width));
 * ```
 */
export function nativeOrder(dtype: DType): { dtype: DType; width: number } | undefined {
  if (dtype.kind === "struct" || dtype.kind === "subarray" || dtype.lossy) return undefined;
  if (dtype.byteOrder === "|" || dtype.byteOrder === NATIVE_ORDER) return undefined;
  // U is UCS-4: 4-byte code points; numbers swap per typed-array element (complex: each half)
  const width = dtype.kind === "U" ? 4 : NUMERIC[`${dtype.kind}${dtype.itemsize}`]?.width;
  if (width === undefined || width === 1) return undefined;
  return {
    dtype: { ...dtype, byteOrder: NATIVE_ORDER, descr: `${NATIVE_ORDER}${dtype.descr.slice(1)}` },
    width,
  };
}
