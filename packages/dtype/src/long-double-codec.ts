import { badData, type Codec, concatLists, sliceList, tagOf } from "./codec.js";
import type { DType } from "./dtype.js";
import { LONG_DOUBLE } from "./scalar-table.js";

// numpy's long double on x86 is the x87 80-bit extended format (64-bit mantissa with an explicit
// integer bit, 15-bit exponent biased by 16383), little-endian, padded to 12 or 16 bytes.

const per = (dtype: DType): number => LONG_DOUBLE[`${dtype.kind}${dtype.itemsize}`]!;

function readExtended(view: DataView, at: number): number {
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  const top = view.getUint16(at + 8, true);
  const sign = top & 0x8000 ? -1 : 1;
  const exp = top & 0x7fff;
  if (exp === 0x7fff) return (hi & 0x7fffffff) === 0 && lo === 0 ? sign * Infinity : Number.NaN;
  // hi·2^32 + lo rounds once, to nearest even, into float64's 53 bits; the scaling below is exact
  // unless the result leaves float64's range
  let value = hi * 2 ** 32 + lo;
  let k = exp - 16383 - 63 + (exp === 0 ? 1 : 0);
  while (k > 1000) {
    value *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    value *= 2 ** -1000;
    k += 1000;
  }
  return sign * value * 2 ** k;
}

const f64 = new DataView(new ArrayBuffer(8));

function writeExtended(view: DataView, at: number, x: number): void {
  // float64 subnormals are normal numbers in the wider x87 exponent range: scaling by 2^64 (exact)
  // makes them normal here too, and the exponent takes the 64 back. Others are stored untouched, so
  // a NaN keeps its payload.
  const scale = x !== 0 && Math.abs(x) < 2 ** -1022 ? 64 : 0;
  f64.setFloat64(0, scale ? x * 2 ** 64 : x, true);
  const lo = f64.getUint32(0, true);
  const hi = f64.getUint32(4, true);
  const e11 = (hi >>> 20) & 0x7ff;
  // the 52 fraction bits move to the top of x87's 64-bit mantissa, below its explicit integer bit
  // (set for all but zero, Inf and NaN included)
  view.setUint32(at, lo << 11, true);
  view.setUint32(at + 4, (e11 ? 0x80000000 : 0) | ((hi & 0xfffff) << 11) | (lo >>> 21), true);
  const exp = e11 === 0x7ff ? 0x7fff : e11 && e11 - 1023 + 16383 - scale;
  view.setUint16(at + 8, ((hi >>> 31) << 15) | exp, true);
}

/** Long double opened with `{ longDouble: "float64" }`: lossy `Float64Array` (complex interleaved). */
export const longDoubleCodec: Codec = {
  decode(dtype, bytes) {
    const width = dtype.itemsize / per(dtype);
    const out = new Float64Array(bytes.length / width);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = readExtended(view, i * width);
    return out;
  },
  encode(dtype, data, where) {
    if (tagOf(data) !== "Float64Array" || (data as Float64Array).length % per(dtype) !== 0) {
      throw badData(
        where,
        `a Float64Array${per(dtype) === 2 ? " of even length" : ""} for '${dtype.descr}'`,
        data,
      );
    }
    const values = data as Float64Array;
    const width = dtype.itemsize / per(dtype);
    const out = new Uint8Array(values.length * width); // padding bytes stay zero
    const view = new DataView(out.buffer);
    for (let i = 0; i < values.length; i++) writeExtended(view, i * width, values[i]!);
    return out;
  },
  count: (dtype, data) => Math.floor((data as Float64Array).length / per(dtype)),
  slice: (dtype, data, start, end) => sliceList(data as Float64Array, start * per(dtype), end * per(dtype)),
  concat: (_dtype, parts) => concatLists(parts as Float64Array[], () => new Float64Array(0)),
};
