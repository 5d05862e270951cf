/**
 * One element of an array as a plain JS value, for CSV and JSON output: numbers (bigint for 64-bit
 * integers), booleans, text, ISO datetimes, `[re, im]` for complex, objects for records.
 */
import { type DType, NAT, type NpyArray, type NpyData, type NpyRecord, type PickleValue } from "npyio";
import { datetimeAsString } from "npyio/repr";

/** A JS value of one element. */
export type ElementValue =
  | number
  | bigint
  | boolean
  | string
  | null
  | ElementValue[]
  | { [field: string]: ElementValue };

type Indexed<T> = { readonly [i: number]: T };

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Nests a flat run of `shape`'s elements (C order) into lists. */
function nest(shape: readonly number[], at: (k: number) => ElementValue, base = 0): ElementValue {
  if (shape.length === 0) return at(base);
  const [n, ...rest] = shape;
  const stride = product(rest);
  return Array.from({ length: n! }, (_, k) => nest(rest, at, base + k * stride));
}

/** Element `i` of `data` (file element order) as a JS value. */
export function elementValue(dtype: DType, data: NpyData, i: number): ElementValue {
  switch (dtype.kind) {
    case "struct": {
      const record = data as NpyRecord;
      const out: { [field: string]: ElementValue } = {};
      for (const f of dtype.fields) {
        const per = product(f.shape);
        out[f.name] = nest(f.shape, (k) => elementValue(f.dtype, record[f.name]!, k), i * per);
      }
      return out;
    }
    case "subarray": {
      const per = product(dtype.shape);
      return nest(dtype.shape, (k) => elementValue(dtype.base, data, k), i * per);
    }
    case "b":
      return (data as Indexed<number>)[i] !== 0;
    case "i":
    case "u":
    case "f":
      return (data as Indexed<number | bigint>)[i]!;
    case "c": {
      const d = data as Indexed<number>;
      return [d[2 * i]!, d[2 * i + 1]!];
    }
    case "S":
    case "U":
      return (data as Indexed<string>)[i]!;
    case "V":
      return hex((data as Indexed<Uint8Array>)[i]!);
    case "M": {
      const v = (data as Indexed<bigint>)[i]!;
      return v === NAT ? null : datetimeAsString(v, dtype.unit ?? "generic", dtype.multiplier ?? 1);
    }
    case "m": {
      const v = (data as Indexed<bigint>)[i]!;
      return v === NAT ? null : v;
    }
    case "O":
      return objectValue((data as PickleValue[])[i]!, new Set());
  }
}

/** The C-order position `k` of an array whose data may be in Fortran order, as a file element index. */
function fileIndex(array: NpyArray, k: number): number {
  if (!array.fortranOrder) return k;
  let index = 0;
  let stride = 1;
  const at = array.shape.map((n, axis) => Math.floor(k / product(array.shape.slice(axis + 1))) % n);
  array.shape.forEach((n, axis) => {
    index += at[axis]! * stride;
    stride *= n;
  });
  return index;
}

/**
 * An element of an object array as JSON-friendly data: bytes as hex, complex as [re, im], dicts as
 * objects keyed by str() of their keys, sets as lists, nested arrays as nested lists; a container
 * inside itself as "[...]".
 */
function objectValue(v: PickleValue, open: Set<object>): ElementValue {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Uint8Array) return hex(v);
  if ("re" in v && "im" in v) return [v.re as number, v.im as number];
  if (open.has(v)) return "[...]";
  open.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => objectValue(x, open));
    if (v instanceof Set) return [...v].map((x) => objectValue(x, open));
    if (v instanceof Map) {
      const out: { [key: string]: ElementValue } = {};
      for (const [k, x] of v)
        out[
          typeof k === "string"
            ? k
            : JSON.stringify(objectValue(k, open), (_, y) => (typeof y === "bigint" ? String(y) : y))
        ] = objectValue(x, open);
      return out;
    }
    if ("global" in v) return { global: v.global, args: (v.args ?? []).map((x) => objectValue(x, open)) };
    const a = v as NpyArray;
    if (a.dtype.kind === "O")
      return nest(a.shape, (k) => objectValue((a.data as PickleValue[])[fileIndex(a, k)]!, open));
    return nest(a.shape, (k) => elementValue(a.dtype, a.data, fileIndex(a, k)));
  } finally {
    open.delete(v);
  }
}
