import type { DType, FixedStrings, NpyData } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import { type DTypeLike, toDType } from "./chunk-encoder.js";
import type { NpyChunk } from "./npy-chunk.js";

/**
 * Options of {@link castStream}.
 *
 * @example
 * ```ts
 * castStream("<i4"); // <i2 → <i4 is safe; <f8 → <i4 throws LOSSY_CAST
 * castStream("<i4", { unsafe: true }); // allows it, truncating toward zero as numpy's astype
 * ```
 */
export interface CastStreamOptions {
  /** Allow casts that can change values (f8 → f4, float → int, wider → narrower). Default `false`. */
  unsafe?: boolean;
}

type NumberArray = Exclude<
  NpyData,
  BigInt64Array | BigUint64Array | unknown[] | FixedStrings | Record<string, unknown>
>;
type Numeric = NumberArray | BigInt64Array | BigUint64Array;
type NumberArrayConstructor = new (length: number) => NumberArray;

const Float16 = (globalThis as { Float16Array?: NumberArrayConstructor }).Float16Array;

// the typed array each numeric dtype decodes to (f2 without Float16Array: Float32Array, as @npyio/dtype)
const ARRAYS: Record<string, NumberArrayConstructor | "bigint" | "biguint"> = {
  b1: Uint8Array,
  i1: Int8Array,
  u1: Uint8Array,
  i2: Int16Array,
  u2: Uint16Array,
  i4: Int32Array,
  u4: Uint32Array,
  i8: "bigint",
  u8: "biguint",
  f2: Float16 ?? Float32Array,
  f4: Float32Array,
  f8: Float64Array,
  c8: Float32Array,
  c16: Float64Array,
};

// bits of an integer's magnitude, and of a float's significand: an integer fits a float exactly when
// its bits do not exceed the significand's
const INT_BITS: Record<string, number> = { i: -1, u: 0 };
const SIGNIFICAND: Record<number, number> = { 2: 11, 4: 24, 8: 53 };

/** Whether every value of `from` is exactly a value of `to`. */
function lossless(from: DType, to: DType): boolean {
  const [a, b] = [from.kind, to.kind];
  if (a === "b") return true;
  if (a === b) return to.itemsize >= from.itemsize;
  if (a === "u" && b === "i") return to.itemsize > from.itemsize;
  if ((a === "i" || a === "u") && b === "f")
    return 8 * from.itemsize + INT_BITS[a]! <= SIGNIFICAND[to.itemsize]!;
  return false;
}

const key = (dtype: DType) => `${dtype.kind}${dtype.itemsize}`;

/** Checks that a cast is supported (and lossless unless `unsafe`). */
export function checkCast(from: DType, to: DType, unsafe: boolean): void {
  const what = `${JSON.stringify(from.descr)} to ${JSON.stringify(to.descr)}`;
  const supported = ARRAYS[key(from)] && ARRAYS[key(to)] && (from.kind === "c") === (to.kind === "c");
  if (!supported) {
    throw new NpyError(
      "UNSUPPORTED_DTYPE",
      `castStream casts bool, int and float (complex to complex), not ${what}`,
    );
  }
  if (!unsafe && !lossless(from, to)) {
    throw new NpyError("LOSSY_CAST", `casting ${what} can change values; pass { unsafe: true } to allow it`);
  }
}

const toBigInt = (v: number | bigint): bigint =>
  typeof v === "bigint" ? v : Number.isFinite(v) ? BigInt(Math.trunc(v)) : -(2n ** 63n); // NaN → numpy's INT_MIN

/** The values of `data` (a numeric array of `from`) as the array type of `to`. */
export function castData(data: NpyData, from: DType, to: DType): NpyData {
  const src = data as Numeric;
  const target = ARRAYS[key(to)]!;
  if (target === "bigint" || target === "biguint") {
    // assigning to a BigInt64Array/BigUint64Array wraps to 64 bits, as numpy's astype
    const out = target === "bigint" ? new BigInt64Array(src.length) : new BigUint64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = toBigInt(src[i]!);
    return out;
  }
  const out = new target(src.length);
  if (to.kind === "b") for (let i = 0; i < src.length; i++) out[i] = src[i] ? 1 : 0;
  else if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    for (let i = 0; i < src.length; i++) out[i] = Number(src[i]);
  } else if (from.kind === "f" && to.kind !== "f" && to.kind !== "c") {
    // typed-array conversion maps NaN and ±Infinity to 0; truncation toward zero matches numpy
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]!);
  } else out.set(src);
  return out;
}

/**
 * A `TransformStream` of `NpyChunk`s that casts their data to another dtype, checked: a cast that
 * can change values (f8 → f4, float → int, i8 → f8...) fails with `LOSSY_CAST` unless
 * `{ unsafe: true }`. Put it between an `NpyDecoderStream` and an `NpyEncoderStream`.
 *
 * @example
 * ```ts
 * body.pipeThrough(new NpyDecoderStream()).pipeThrough(castStream("<f4", { unsafe: true })).pipeThrough(new NpyEncoderStream())
 * ```
 */
export function castStream(
  to: DTypeLike,
  options: CastStreamOptions = {},
): TransformStream<NpyChunk, NpyChunk> {
  const target = toDType(to);
  let checked: DType | undefined;
  return new TransformStream<NpyChunk, NpyChunk>({
    transform(chunk, controller) {
      const from = chunk.header.dtype;
      if (checked !== from) {
        checkCast(from, target, options.unsafe ?? false);
        checked = from;
      }
      controller.enqueue({
        ...chunk,
        header: { ...chunk.header, descr: target.descr, dtype: target },
        data: castData(chunk.data, from, target),
      });
    },
  });
}
