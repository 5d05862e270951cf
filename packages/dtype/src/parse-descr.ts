import { NpyError } from "@npyio/header";
import type { Descr, DescrField, DescrSubarray } from "./descr.js";
import type {
  ByteOrder,
  DatetimeUnit,
  DType,
  DTypeField,
  ScalarDType,
  ScalarKind,
  StructDType,
  SubarrayDType,
} from "./dtype.js";
import { LONG_DOUBLE, NATIVE_ORDER, NUMERIC } from "./scalar-table.js";

/**
 * Options of {@link parseDescr}.
 *
 * @example
 * ```ts
 * parseDescr("<f16", { longDouble: "float64" }); // x86 long double, decoded lossily as float64
 * ```
 */
export interface ParseDescrOptions {
  /**
   * Long double (`<f16`, `<c32`: x86 80-bit extended, padded) is refused with `UNSUPPORTED_DTYPE`
   * unless this is `"float64"`: then it decodes to float64, rounding away 11 bits of mantissa and
   * the exponent range beyond float64 (to ±Infinity or 0). Encoding writes the float64 values back
   * exactly as 80-bit numbers, so it does not restore what rounding lost.
   */
  longDouble?: "refuse" | "float64";
}

// numpy refuses itemsizes that do not fit a C int
const MAX_ITEMSIZE = 2 ** 31 - 1;

const UNITS = new Set(["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]);

const SCALAR = /^([<>|=]?)([biufcSUVMm])(\d*)(?:\[(\d*)([A-Za-z]+)\])?$/;

const show = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

const bad = (where: string, message: string): NpyError => new NpyError("BAD_DESCR", `${where}: ${message}`);

/**
 * Turns a header's `descr` into a {@link DType}. Throws `NpyError` `BAD_DESCR` naming the offending
 * part, `OBJECT_DTYPE` for Python objects (pickles), `UNSUPPORTED_DTYPE` for long double unless
 * `{ longDouble: "float64" }`.
 *
 * @example
 * ```ts
 * parseDescr("<f8");                          // { kind: "f", itemsize: 8, byteOrder: "<", ... }
 * parseDescr([["x", "<i4"], ["y", "<f8", [2]]]); // struct, itemsize 20
 * ```
 */
export function parseDescr<const D extends Descr>(descr: D, options: ParseDescrOptions = {}): DType<D> {
  return parseAny(descr, "descr", options) as DType<D>;
}

function parseAny(descr: unknown, where: string, options: ParseDescrOptions): DType {
  if (typeof descr === "string") return parseScalar(descr, where, options);
  if (Array.isArray(descr)) {
    // a Python tuple (descr, shape) arrives as a 2-element array whose second item is a shape
    if (descr.length === 2 && !Array.isArray(descr[0]) && isShapeLike(descr[1])) {
      return parseSubarray(descr[0], descr[1], where, options, "tuple");
    }
    return parseStruct(descr, where, options);
  }
  if (typeof descr === "object" && descr !== null && "base" in descr && "shape" in descr) {
    const sub = descr as DescrSubarray;
    return parseSubarray(sub.base, sub.shape, where, options, "object");
  }
  throw bad(
    where,
    `expected a type string like '<f8', a list of fields or a (descr, shape) subarray, found ${show(descr)}`,
  );
}

function isShapeLike(value: unknown): boolean {
  return typeof value === "number" || (Array.isArray(value) && value.every((d) => typeof d === "number"));
}

function parseShape(shape: unknown, where: string): number[] {
  const dims = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw bad(where, `expected a subarray shape of non-negative integers like [2, 3], found ${show(shape)}`);
  }
  return dims as number[];
}

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

function checkItemsize(itemsize: number, where: string): number {
  if (itemsize > MAX_ITEMSIZE) {
    throw bad(where, `itemsize ${itemsize} exceeds numpy's limit of ${MAX_ITEMSIZE} bytes`);
  }
  return itemsize;
}

function parseScalar(text: string, where: string, options: ParseDescrOptions): ScalarDType {
  if (/^[<>|=]?O\d*$/.test(text)) {
    throw new NpyError(
      "OBJECT_DTYPE",
      `${where} is '${text}': the array holds Python objects stored as a pickle, and unpickling can execute arbitrary code, so npyio never reads it; re-save it in numpy with a plain dtype (for example arr.astype(str) or arr.astype(float))`,
    );
  }
  const m = SCALAR.exec(text);
  if (!m) {
    throw bad(
      where,
      `'${text}' is not a numpy type string; expected a byte order (< > | =), a kind (b i u f c S U V M m) and a size, like '<f8', '|S5' or '<M8[ns]'`,
    );
  }
  const [, order = "", kind = "", size = "", mult, unit] = m;
  const k = kind as ScalarKind;
  const isTime = k === "M" || k === "m";
  if (unit !== undefined && !isTime) {
    throw bad(where, `'${text}': only datetime64 (M8) and timedelta64 (m8) take a [unit]`);
  }
  if (size === "" && !isTime) {
    throw bad(where, `'${text}' has no size; numpy writes one, as in '${order}${k}${k === "U" ? 1 : 8}'`);
  }
  const itemsize = checkItemsize((k === "U" ? 4 : 1) * Number(size === "" ? 8 : size), where);
  const key = `${k}${itemsize}`;
  const long = LONG_DOUBLE[key];
  if ((k === "S" || k === "V" || k === "U") && size !== "") {
    const byteOrder: ByteOrder = k === "U" ? swapped(order) : "|";
    return {
      kind: k,
      descr: `${byteOrder}${k}${size.replace(/^0+(?=\d)/, "")}`,
      itemsize,
      alignment: k === "U" ? 4 : 1,
      byteOrder,
    };
  }
  if (long !== undefined) {
    if (options.longDouble !== "float64") {
      throw new NpyError(
        "UNSUPPORTED_DTYPE",
        `${where} is '${text}', a long double (x87 80-bit extended padded to ${itemsize / long} bytes) that JavaScript cannot hold exactly; pass { longDouble: "float64" } to decode it lossily as float64, or save it in numpy as float64`,
      );
    }
    const byteOrder = swapped(order);
    if (byteOrder !== "<") {
      throw new NpyError(
        "UNSUPPORTED_DTYPE",
        `${where} is '${text}', a big-endian long double; only the little-endian x87 layout is known, save it in numpy as float64`,
      );
    }
    return { kind: k, descr: `<${key}`, itemsize, alignment: 16, byteOrder, lossy: true };
  }
  const row = NUMERIC[key];
  if (row === undefined || (k === "b" && itemsize !== 1)) {
    const sizes = Object.keys(NUMERIC).filter((key) => key[0] === k && (k !== "b" || key === "b1"));
    throw bad(
      where,
      `'${text}' is not a numpy type: kind '${k}' comes in sizes ${sizes.map((key) => key.slice(1)).join(", ")}`,
    );
  }
  const byteOrder: ByteOrder = itemsize === 1 ? "|" : swapped(order);
  const dtype: ScalarDType = {
    kind: k,
    descr: `${byteOrder}${key}`,
    itemsize,
    alignment: row.width,
    byteOrder,
  };
  if (isTime) {
    if (unit !== undefined && !UNITS.has(unit)) {
      throw bad(where, `'${text}': unknown time unit '${unit}'; expected one of ${[...UNITS].join(" ")}`);
    }
    const multiplier = mult === undefined || mult === "" ? 1 : Number(mult);
    dtype.unit = (unit ?? "generic") as DatetimeUnit;
    dtype.multiplier = multiplier;
    if (unit !== undefined) dtype.descr += `[${multiplier === 1 ? "" : multiplier}${unit}]`;
  }
  return dtype;
}

// '=' and '|' (on a multi-byte type) and no prefix all mean this machine's order, as numpy reads them
function swapped(order: string): "<" | ">" {
  return order === "<" || order === ">" ? order : NATIVE_ORDER;
}

function parseSubarray(
  base: unknown,
  shape: unknown,
  where: string,
  options: ParseDescrOptions,
  form: "tuple" | "object",
): SubarrayDType {
  const dims = parseShape(shape, where);
  const inner = parseAny(base, `${where} (subarray base)`, options);
  const itemsize = checkItemsize(inner.itemsize * product(dims), where);
  const descr = (
    form === "tuple" ? [inner.descr, dims] : { base: inner.descr, shape: dims }
  ) as DescrSubarray;
  // a subarray of a subarray is one subarray of the combined shape, outer dimensions first
  const [elem, all] = inner.kind === "subarray" ? [inner.base, [...dims, ...inner.shape]] : [inner, dims];
  return {
    kind: "subarray",
    descr,
    itemsize,
    alignment: elem.alignment,
    byteOrder: elem.byteOrder,
    base: elem,
    shape: all,
  };
}

const subarrayParts = (d: Descr): DescrSubarray =>
  Array.isArray(d)
    ? { base: d[0] as unknown as Descr, shape: d[1] as unknown as number[] }
    : (d as DescrSubarray);

function parseStruct(list: unknown[], where: string, options: ParseDescrOptions): StructDType {
  const fields: DTypeField[] = [];
  const descr: DescrField[] = [];
  const seen = new Set<string>();
  let offset = 0;
  let alignment = 1;
  list.forEach((entry, i) => {
    const at = `${where} field ${i}`;
    if (!Array.isArray(entry) || entry.length < 2 || entry.length > 3) {
      throw bad(at, `expected a tuple (name, descr) or (name, descr, shape), found ${show(entry)}`);
    }
    const [rawName, rawDescr, rawShape] = entry as [unknown, unknown, unknown];
    const titled =
      Array.isArray(rawName) && rawName.length === 2 && rawName.every((s) => typeof s === "string");
    if (typeof rawName !== "string" && !titled) {
      throw bad(at, `expected a field name (a string or a (title, name) pair), found ${show(rawName)}`);
    }
    const [title, name] = titled ? (rawName as [string, string]) : [undefined, rawName as string];
    const here = `${where} field '${name}'`;
    let dtype = parseAny(rawDescr, here, options);
    let shape = rawShape === undefined ? [] : parseShape(rawShape, here);
    const size = checkItemsize(dtype.itemsize * product(shape), here);
    const n = rawName as string;
    // numpy spells a field whose type is a subarray as a 3-tuple: ('f', ('<i4', (2,))) → ('f', '<i4', (2,))
    const sub = shape.length === 0 && dtype.kind === "subarray" ? subarrayParts(dtype.descr) : undefined;
    const entryDescr: DescrField =
      shape.length > 0 ? [n, dtype.descr, shape] : sub ? [n, sub.base, sub.shape] : [n, dtype.descr];
    descr.push(entryDescr);
    // numpy's descr_to_dtype: an unnamed plain void field is padding, not a field
    const padding = name === "" && !titled && dtype.kind === "V";
    if (!padding) {
      if (seen.has(name) || (title !== undefined && seen.has(title))) {
        throw bad(
          here,
          `the name '${seen.has(name) ? name : title}' is used twice; numpy requires unique field names and titles`,
        );
      }
      seen.add(name);
      if (title !== undefined) seen.add(title);
      if (dtype.kind === "subarray") {
        shape = [...shape, ...dtype.shape];
        dtype = dtype.base;
      }
      const field: DTypeField = { name, offset, dtype, shape };
      if (title !== undefined) field.title = title;
      fields.push(field);
      alignment = Math.max(alignment, dtype.alignment);
    }
    offset = checkItemsize(offset + size, where);
  });
  return { kind: "struct", descr, itemsize: offset, alignment, byteOrder: "|", fields };
}
