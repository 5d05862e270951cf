import { byteSwapped } from "./byte-swap.js";
import { badData, bytesOf, type Codec, concatLists, type DecodeOptions, sliceList, tagOf } from "./codec.js";
import type { DType, NpyData } from "./dtype.js";
import type { FixedStrings } from "./fixed-strings.js";
import { halfToSingleBits, singleToHalfBits } from "./float16.js";
import { NpyError } from "./npy-error.js";
import { NATIVE_ORDER, NUMERIC, type NumericRow } from "./scalar-table.js";

type Numeric = Exclude<NpyData, unknown[] | FixedStrings | Record<string, unknown>>;

const rowOf = (dtype: DType): NumericRow => NUMERIC[`${dtype.kind}${dtype.itemsize}`]!;

const needsSwap = (dtype: DType): boolean => dtype.byteOrder !== "|" && dtype.byteOrder !== NATIVE_ORDER;

const isHalf = (dtype: DType): boolean => dtype.kind === "f" && dtype.itemsize === 2;

/**
 * `bytes` in this machine's byte order at an offset a typed array of `width`-byte units can view:
 * `bytes` itself when already so (zero-copy), else a swapped or realigned copy.
 */
export function nativeBytes(
  bytes: Uint8Array,
  width: number,
  swap: boolean,
  options: DecodeOptions = {},
): Uint8Array {
  const aligned = bytes.byteOffset % width === 0;
  if (!swap && !options.copy && aligned) return bytes;
  return byteSwapped(bytes, swap ? width : 1, options.inPlace && !options.copy && aligned);
}

const Float16 = (globalThis as { Float16Array?: typeof Float16Array }).Float16Array;

function decodeNumeric(dtype: DType, bytes: Uint8Array, options: DecodeOptions): NpyData {
  const row = rowOf(dtype);
  const native = nativeBytes(bytes, row.width, needsSwap(dtype), options);
  const view = new row.array(native.buffer as ArrayBuffer, native.byteOffset, native.length / row.width);
  if (dtype.kind === "b") return booleans(view as Uint8Array);
  if (!isHalf(dtype)) return view;
  const bits = view as Uint16Array;
  const mode = options.float16 ?? "auto";
  if (mode === "bits") return bits;
  if (mode === "auto" && Float16) return new Float16(bits.buffer, bits.byteOffset, bits.length);
  const single = new Float32Array(bits.length);
  halfToSingleBits(bits, new Uint32Array(single.buffer));
  return single;
}

// numpy reads any nonzero byte as True but writes 1; keep the bytes unless one says otherwise
const booleans = (view: Uint8Array): Uint8Array =>
  view.some((b) => b > 1) ? view.map((b) => +(b > 0)) : view;

/**
 * `data` as the exact typed array the dtype's row wants. Plain arrays and other typed arrays are
 * converted; an integer the target cannot hold exactly is `LOSSY_CAST`, as numpy's `casting="safe"`
 * would refuse it (floats may round, as numpy's default cast does).
 */
function coerce(dtype: DType, data: NpyData, where: string): Numeric {
  const half = isHalf(dtype);
  const target = half ? Float32Array : rowOf(dtype).array;
  const tag = tagOf(data);
  if (half ? /^(Float16|Float32|Uint16)Array$/.test(tag) : tag === target.name) return data as Numeric;
  if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && tag !== "DataView")) {
    throw badData(where, `a ${target.name} for '${dtype.descr}'`, data);
  }
  const values = data as ArrayLike<unknown>;
  const out = new target(values.length);
  const big = target === BigInt64Array || target === BigUint64Array;
  const exact = !/Float/.test(target.name);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const at = `${where} item ${i}`;
    if (!/number|bigint|boolean/.test(typeof v)) throw badData(at, `a number, bigint or boolean`, v);
    const fits = !(big && typeof v === "number" && !Number.isInteger(v));
    if (fits) out[i] = (big ? BigInt(v as number) : Number(v)) as never;
    // the typed array wraps or truncates what does not fit: reading it back tells
    // biome-ignore lint/suspicious/noDoubleEquals: compares a bigint with a number on purpose
    if (!fits || (exact && out[i] != v)) {
      throw new NpyError(
        "LOSSY_CAST",
        `${at}: ${String(v)} does not fit '${dtype.descr}'; pick a wider dtype or convert the value first`,
      );
    }
  }
  return out;
}

function encodeNumeric(dtype: DType, data: NpyData, where: string): Uint8Array {
  const row = rowOf(dtype);
  let typed = coerce(dtype, data, where);
  if (typed.length % row.per !== 0) {
    throw badData(where, `an even length for '${dtype.descr}' (interleaved re, im pairs)`, data);
  }
  if (isHalf(dtype) && tagOf(typed) === "Float32Array") {
    const half = new Uint16Array(typed.length);
    singleToHalfBits(new Uint32Array(typed.buffer, typed.byteOffset, typed.length), half);
    typed = half;
  }
  if (dtype.kind === "b") typed = booleans(typed as Uint8Array);
  const bytes = bytesOf(typed);
  return needsSwap(dtype) ? nativeBytes(bytes, row.width, true) : bytes;
}

/** `b i u f c M m` (not long double): typed arrays, swapped into native order, zero-copy when possible. */
export const numericCodec: Codec = {
  decode: decodeNumeric,
  encode: encodeNumeric,
  count: (dtype, data, where) => {
    const row = rowOf(dtype);
    const list = data as ArrayLike<unknown>;
    if (typeof list.length !== "number") throw badData(where, `a typed array for '${dtype.descr}'`, data);
    return Math.floor(list.length / row.per);
  },
  slice: (dtype, data, start, end) => {
    const per = rowOf(dtype).per;
    return sliceList(data as Numeric, start * per, end * per);
  },
  concat: (dtype, parts) => concatLists(parts as Numeric[], () => new (rowOf(dtype).array)(0)),
};
