/**
 * `--dtype` and `--byte-order` for `npyio convert`: numeric casts checked value by value (a cast
 * that would change a value fails with LOSSY_CAST unless `unsafe`), and byte-order changes that
 * rewrite the descr and leave the values alone.
 */
import { type Descr, type DType, type NpyArray, type NpyData, NpyError, parseDescr } from "npyio";
import { roundToFloat16 } from "npyio/repr";

const ORDERS: Readonly<Record<string, "<" | ">">> = {
  "<": "<",
  little: "<",
  ">": ">",
  big: ">",
  "=": new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "<" : ">",
  native: new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "<" : ">",
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
  const swap = (d: Descr): Descr => {
    if (typeof d === "string") return d.startsWith("|") || !/^[<>=]/.test(d) ? d : to + d.slice(1);
    if (Array.isArray(d)) return d.map((f) => [f[0], swap(f[1]), ...f.slice(2)]) as Descr;
    return { base: swap(d.base), shape: d.shape };
  };
  return swap(descr);
}

/** A user's `--dtype` as a descr: `f4` means native order, as in numpy's `np.dtype("f4")`. */
export function descrOf(text: string): DType {
  const native = ORDERS["="]!;
  const plain = /^[biufcSUVMm]\d/.test(text) ? `${/^(b1|i1|u1|S|V)/.test(text) ? "|" : native}${text}` : text;
  return parseDescr(plain);
}

type Num = number | bigint;

const INT_RANGE: Readonly<Record<string, [bigint, bigint]>> = {
  i1: [-(2n ** 7n), 2n ** 7n - 1n],
  i2: [-(2n ** 15n), 2n ** 15n - 1n],
  i4: [-(2n ** 31n), 2n ** 31n - 1n],
  i8: [-(2n ** 63n), 2n ** 63n - 1n],
  u1: [0n, 2n ** 8n - 1n],
  u2: [0n, 2n ** 16n - 1n],
  u4: [0n, 2n ** 32n - 1n],
  u8: [0n, 2n ** 64n - 1n],
};

const INT_ARRAYS: Readonly<Record<string, new (n: number) => NpyData & { [i: number]: Num }>> = {
  i1: Int8Array,
  i2: Int16Array,
  i4: Int32Array,
  i8: BigInt64Array,
  u1: Uint8Array,
  u2: Uint16Array,
  u4: Uint32Array,
  u8: BigUint64Array,
};

/** Converts one value to the target kind, or returns undefined when that would change it. */
function converter(to: DType): { exact(x: Num): Num | undefined; forced(x: Num): Num } {
  const key = `${to.kind}${to.itemsize}`;
  if (to.kind === "f") {
    const round = to.itemsize === 2 ? roundToFloat16 : to.itemsize === 4 ? Math.fround : (x: number) => x;
    const forced = (x: Num) => round(Number(x));
    return {
      forced,
      exact(x) {
        const y = forced(x);
        if (typeof x === "bigint") return Number.isFinite(y) && BigInt(y) === x ? y : undefined;
        return Object.is(y, x) || (Number.isNaN(x) && Number.isNaN(y)) || y === x ? y : undefined;
      },
    };
  }
  if (to.kind === "b") {
    return {
      forced: (x) => (typeof x === "bigint" ? (x !== 0n ? 1 : 0) : x !== 0 ? 1 : 0),
      exact: (x) => (x === 0 || x === 1 || x === 0n || x === 1n ? Number(x) : undefined),
    };
  }
  const range = INT_RANGE[key]!;
  const bits = BigInt(to.itemsize * 8);
  const asBig = (x: Num) => (typeof x === "bigint" ? x : Number.isFinite(x) ? BigInt(Math.trunc(x)) : 0n);
  const out = (b: bigint) => (to.itemsize === 8 ? b : Number(b));
  return {
    // numpy's astype wraps integers modulo 2^bits and truncates floats toward zero
    forced: (x) =>
      out(to.kind === "u" ? BigInt.asUintN(Number(bits), asBig(x)) : BigInt.asIntN(Number(bits), asBig(x))),
    exact(x) {
      if (typeof x === "number" && !Number.isInteger(x)) return undefined;
      const b = asBig(x);
      return b >= range[0] && b <= range[1] ? out(b) : undefined;
    },
  };
}

const NUMERIC = new Set(["b", "i", "u", "f"]);

/**
 * The array cast to `to` (numeric kinds: bool, int, uint, float). Without `unsafe`, a value the
 * cast would change fails with LOSSY_CAST naming it; with it, numpy's `astype` rules apply.
 */
export function castArray(array: NpyArray, to: DType, unsafe: boolean): NpyArray {
  const from = array.dtype;
  if (from.kind === to.kind && from.itemsize === to.itemsize) return { ...array, dtype: to };
  if (!NUMERIC.has(from.kind) || !NUMERIC.has(to.kind)) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `--dtype casts between bool, integer and float dtypes; ${JSON.stringify(from.descr)} → ${JSON.stringify(to.descr)} is not one`,
    );
  }
  const source = array.data as unknown as ArrayLike<Num>;
  const n = source.length;
  const convert = converter(to);
  const target: { [i: number]: Num } & NpyData =
    to.kind === "f"
      ? to.itemsize === 8
        ? new Float64Array(n)
        : new Float32Array(n)
      : to.kind === "b"
        ? new Uint8Array(n)
        : new INT_ARRAYS[`${to.kind}${to.itemsize}`]!(n);
  for (let i = 0; i < n; i++) {
    const x = source[i]!;
    const y = unsafe ? convert.forced(x) : convert.exact(x);
    if (y === undefined) {
      throw new NpyError(
        "LOSSY_CAST",
        `casting ${JSON.stringify(from.descr)} to ${JSON.stringify(to.descr)} changes element ${i} (${String(x)} → ${String(convert.forced(x))}); pass --unsafe to cast anyway`,
      );
    }
    target[i] = y;
  }
  return { ...array, dtype: to, data: target };
}
