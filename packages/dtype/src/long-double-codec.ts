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
  f64.setFloat64(0, x, true);
  const bits = f64.getBigUint64(0, true);
  const sign = Number(bits >> 63n) << 15;
  const e11 = Number((bits >> 52n) & 0x7ffn);
  const m52 = bits & 0xfffffffffffffn;
  let exp: number;
  let mant: bigint;
  if (e11 === 0x7ff) {
    exp = 0x7fff;
    mant = (1n << 63n) | (m52 << 11n); // Inf, or NaN with its payload
  } else if (e11 === 0) {
    if (m52 === 0n) {
      exp = 0;
      mant = 0n;
    } else {
      // float64 subnormals are normal numbers in the wider x87 exponent range
      const p = m52.toString(2).length - 1;
      exp = 16383 + p - 1074;
      mant = m52 << BigInt(63 - p);
    }
  } else {
    exp = e11 - 1023 + 16383;
    mant = (1n << 63n) | (m52 << 11n);
  }
  view.setBigUint64(at, mant, true);
  view.setUint16(at + 8, sign | exp, true);
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
