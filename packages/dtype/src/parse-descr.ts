import type { Descr, DescrField, DescrFieldName, DescrSubarray } from "./descr.js";
import type {
  DatetimeUnit,
  DType,
  DTypeField,
  ScalarDType,
  ScalarKind,
  StructDType,
  SubarrayDType,
} from "./dtype.js";
import { NpyError } from "./npy-error.js";
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

const UNITS = "Y M W D h m s ms us ns ps fs as".split(" ");

// byte order, kind, size and a datetime's [multiplier unit]; 'O' (Python objects) matches only to be refused
const SCALAR = /^([<>|=]?)([biufcSUVMmO])(\d*)(?:\[(\d*)([A-Za-z]+)\])?$/;

const show = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

const bad = (where: string, message: string): NpyError => new NpyError("BAD_DESCR", `${where}: ${message}`);

/** `BAD_DESCR`: what `where` should hold, and what it holds. */
const unexpected = (where: string, expected: string, found: unknown): NpyError =>
  bad(where, `expected ${expected}, found ${show(found)}`);

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
  const list = Array.isArray(descr);
  // a Python tuple (descr, shape) arrives as a 2-element array whose second item is a shape
  const tuple = list && descr.length === 2 && !Array.isArray(descr[0]) && isShape(descr[1]);
  if (list && !tuple) return parseStruct(descr, where, options);
  if (tuple || (typeof descr === "object" && descr !== null && "base" in descr && "shape" in descr)) {
    const { base, shape } = tuple ? { base: descr[0], shape: descr[1] } : (descr as DescrSubarray);
    return parseSubarray(base, shape, where, options);
  }
  throw unexpected(where, "a type string like '<f8', a list of fields or a (descr, shape) subarray", descr);
}

// a shape is an int or a list of ints, as `numpy.dtype((base, shape))` accepts
const dimsOf = (shape: unknown): unknown[] => [shape].flat();

const isShape = (value: unknown): boolean => dimsOf(value).every((d) => typeof d === "number");

function parseShape(shape: unknown, where: string): number[] {
  const dims = dimsOf(shape);
  if (!dims.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw unexpected(where, "a subarray shape of non-negative integers like [2, 3]", shape);
  }
  return dims as number[];
}

/** The size of `shape` items of `itemsize` bytes each (one item without a shape), refused beyond numpy's limit. */
function checkItemsize(itemsize: number, where: string, shape: number[] = []): number {
  const size = shape.reduce((a, b) => a * b, itemsize);
  if (size > MAX_ITEMSIZE)
    throw bad(where, `itemsize ${size} exceeds numpy's limit of ${MAX_ITEMSIZE} bytes`);
  return size;
}

function parseScalar(text: string, where: string, options: ParseDescrOptions): ScalarDType {
  const [match, order, kind = "", size, mult, unit] = SCALAR.exec(text) ?? [];
  const k = kind as ScalarKind;
  const fail = (problem: string): NpyError => bad(where, `'${text}' ${problem}`);
  if (kind === "O" && !unit) {
    throw new NpyError(
      "OBJECT_DTYPE",
      `${where} is '${text}': Python objects, stored as a pickle that can execute arbitrary code when loaded, so npyio never reads them; re-save the array in numpy with a plain dtype, e.g. arr.astype(str)`,
    );
  }
  if (!match) {
    throw fail(
      "is not a numpy type string; expected a byte order (< > | =), a kind (b i u f c S U V M m) and a size, like '<f8' or '<M8[ns]'",
    );
  }
  const isTime = k === "M" || k === "m";
  if (unit && !isTime) throw fail("has a [unit]; only datetime64 (M8) and timedelta64 (m8) take one");
  if (!size && !isTime) throw fail(`has no size; numpy writes one, as in '${order}${k}${k === "U" ? 1 : 8}'`);
  // U counts UCS-4 characters; every other size is in bytes
  const n = Number(size || 8);
  const char = k === "U" ? 4 : 1;
  const itemsize = checkItemsize(char * n, where);
  const key = `${k}${itemsize}`;
  // '=' and '|' (on a multi-byte type) and no prefix all mean this machine's order, as numpy reads them
  const byteOrder =
    "SV".includes(k) || itemsize === 1 ? "|" : order === "<" || order === ">" ? order : NATIVE_ORDER;
  const dtype: ScalarDType = { kind: k, descr: `${byteOrder}${k}${n}`, itemsize, alignment: char, byteOrder };
  if ("SUV".includes(k)) return dtype;
  const long = LONG_DOUBLE[key];
  if (long) {
    const refused = options.longDouble !== "float64";
    if (refused || byteOrder !== "<") {
      throw new NpyError(
        "UNSUPPORTED_DTYPE",
        `${where} is '${text}', a ${
          refused
            ? `long double (x87 80-bit padded to ${itemsize / long} bytes) JavaScript cannot hold exactly; pass { longDouble: "float64" } to read it lossily, or`
            : "big-endian long double (only little-endian x87 is known);"
        } save it in numpy as float64`,
      );
    }
    dtype.alignment = 16;
    dtype.lossy = true;
    return dtype;
  }
  const row = NUMERIC[key];
  if (!row) {
    const sizes = Object.keys(NUMERIC).filter((c) => c[0] === k);
    throw fail(`is not a numpy type: kind '${k}' comes in sizes ${sizes.map((c) => c.slice(1)).join(", ")}`);
  }
  dtype.alignment = row.width;
  if (isTime) {
    if (unit && !UNITS.includes(unit)) {
      throw fail(`has an unknown time unit '${unit}'; expected one of ${UNITS.join(" ")}`);
    }
    const multiplier = Number(mult || 1);
    dtype.unit = (unit ?? "generic") as DatetimeUnit;
    dtype.multiplier = multiplier;
    if (unit) dtype.descr += `[${multiplier === 1 ? "" : multiplier}${unit}]`;
  }
  return dtype;
}

function parseSubarray(
  base: unknown,
  shape: unknown,
  where: string,
  options: ParseDescrOptions,
): SubarrayDType {
  const dims = parseShape(shape, where);
  const inner = parseAny(base, `${where} (subarray base)`, options);
  const itemsize = checkItemsize(inner.itemsize, where, dims);
  // a (descr, shape) tuple given as an array is spelled as the object form, the one Descr has
  const descr: DescrSubarray = { base: inner.descr, shape: dims };
  // a subarray of a subarray is one subarray of the combined shape, outer dimensions first
  const [elem, all] = inner.kind === "subarray" ? [inner.base, [...dims, ...inner.shape]] : [inner, dims];
  const { alignment, byteOrder } = elem;
  return { kind: "subarray", descr, itemsize, alignment, byteOrder, base: elem, shape: all };
}

function parseStruct(list: unknown[], where: string, options: ParseDescrOptions): StructDType {
  const fields: DTypeField[] = [];
  const descr: DescrField[] = [];
  const seen = new Set<string>();
  let offset = 0;
  let alignment = 1;
  list.forEach((entry, i) => {
    const at = `${where} field ${i}`;
    if (!Array.isArray(entry) || entry.length < 2 || entry.length > 3) {
      throw unexpected(at, "a tuple (name, descr) or (name, descr, shape)", entry);
    }
    const [n, rawDescr, rawShape] = entry as [DescrFieldName, unknown, unknown];
    const titled = Array.isArray(n) && n.length === 2 && n.every((s) => typeof s === "string");
    if (typeof n !== "string" && !titled) {
      throw unexpected(at, "a field name (a string or a (title, name) pair)", n);
    }
    const [title, name] = titled ? n : [undefined, n as string];
    const here = `${where} field '${name}'`;
    let dtype = parseAny(rawDescr, here, options);
    let shape = rawShape === undefined ? [] : parseShape(rawShape, here);
    const size = checkItemsize(dtype.itemsize, here, shape);
    // numpy spells a field whose type is a subarray as a 3-tuple: ('f', ('<i4', (2,))) → ('f', '<i4', (2,))
    const d = dtype.descr;
    descr.push(
      shape.length > 0
        ? [n, d, shape]
        : dtype.kind !== "subarray"
          ? [n, d]
          : [n, (d as DescrSubarray).base, (d as DescrSubarray).shape],
    );
    // numpy's descr_to_dtype: an unnamed plain void field is padding, not a field
    if (name !== "" || titled || dtype.kind !== "V") {
      const used = [name, title].find((s) => s !== undefined && seen.has(s));
      if (used !== undefined) {
        throw bad(here, `the name '${used}' is used twice; numpy requires unique field names and titles`);
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
