/**
 * `--dtype` and `--byte-order` for `npyio convert`: numeric casts with numpy's `astype` rules
 * (`castData` of `@npyio/dtype/cast`), checked value by value (a cast that would change a value fails
 * with LOSSY_CAST unless `unsafe`), and byte-order changes that rewrite the descr and leave the
 * values alone.
 */
import {
  castData,
  type Descr,
  type DType,
  isNpyError,
  type NpyArray,
  type NpyData,
  NpyError,
  parseDescr,
  withByteOrder as setByteOrder,
} from "npyio";

const ORDERS: Readonly<Record<string, "<" | ">" | "=">> = {
  "<": "<",
  little: "<",
  ">": ">",
  big: ">",
  "=": "=",
  native: "=",
};

/** A descr with every multi-byte scalar in `order` (numpy's `dtype.newbyteorder`). */
export function withByteOrder(descr: Descr, order: string): Descr {
  const to = ORDERS[order];
  if (to === undefined) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `--byte-order expects little, big or native (or <, >, =), got ${JSON.stringify(order)}`,
    );
  }
  return setByteOrder(descr, to);
}

/** A user's `--dtype` as a descr: `f4` means native order, as in numpy's `np.dtype("f4")`. */
export function descrOf(text: string): DType {
  // parseDescr reads "=" as this machine's order, and gives one-byte and byte-string types "|"
  return parseDescr(/^[biufcSUVMm]\d/.test(text) ? `=${text}` : text);
}

type Values = ArrayLike<number | bigint>;

const nan = (x: number | bigint): boolean => typeof x === "number" && Number.isNaN(x);
const same = (a: number | bigint, b: number | bigint): boolean => a === b || (nan(a) && nan(b));

/** Element `i` of data of `dtype`, as numpy prints it: `1.5`, or `(1.5+2j)` for complex. */
const show = (data: Values, dtype: DType, i: number): string =>
  dtype.kind === "c"
    ? `(${data[2 * i]}${Number(data[2 * i + 1]) < 0 ? "" : "+"}${data[2 * i + 1]}j)`
    : String(data[i]);

/**
 * The first element a cast from `from` to `to` changes, or -1: casting back must give the value
 * again, and an integer keeps its sign (u1 255 → i1 -1 → u1 255 comes back, but changed).
 */
function changedElement(source: Values, cast: Values, back: Values, from: DType, to: DType): number {
  const parts = from.kind === "c" ? 2 : 1;
  const castParts = to.kind === "c" ? 2 : 1;
  const integer = "biu".includes(to.kind);
  for (let j = 0; j < source.length; j++) {
    const i = Math.floor(j / parts);
    if (!same(source[j]!, back[j]!)) return i;
    if (integer && j % parts === 0 && source[j]! < 0 !== cast[i * castParts]! < 0) return i;
  }
  return -1;
}

/**
 * The array cast to `to` (numeric dtypes: bool, integers, floats, complex). Without `unsafe`, a value
 * the cast would change fails with LOSSY_CAST naming it; with it, the result is numpy's `astype`, bit
 * for bit as on x86-64.
 */
export function castArray(array: NpyArray, to: DType, unsafe: boolean): NpyArray {
  const from = array.dtype;
  if (from.kind === to.kind && from.itemsize === to.itemsize) return { ...array, dtype: to };
  let data: NpyData;
  try {
    data = castData(array.data, from, to);
  } catch (err) {
    if (!isNpyError(err, "UNSUPPORTED_DTYPE")) throw err;
    throw new NpyError(
      "INVALID_ARGUMENT",
      `--dtype casts between bool, integer, float and complex dtypes; ${JSON.stringify(from.descr)} → ${JSON.stringify(to.descr)} is not one`,
      { cause: err },
    );
  }
  if (!unsafe) {
    const source = array.data as unknown as Values;
    const cast = data as unknown as Values;
    const i = changedElement(source, cast, castData(data, to, from) as unknown as Values, from, to);
    if (i >= 0) {
      throw new NpyError(
        "LOSSY_CAST",
        `casting ${JSON.stringify(from.descr)} to ${JSON.stringify(to.descr)} changes element ${i} (${show(source, from, i)} → ${show(cast, to, i)}); pass --unsafe to cast anyway`,
      );
    }
  }
  return { ...array, dtype: to, data };
}
