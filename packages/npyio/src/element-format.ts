/**
 * numpy's per-dtype element formatters (numpy/_core/arrayprint.py: FloatingFormat, IntegerFormat,
 * BoolFormat, ComplexFloatingFormat, DatetimeFormat, TimedeltaFormat, StructuredVoidFormat,
 * SubArrayFormat), with numpy's default print options. Each is built from the elements that will
 * be shown, so widths line up the way numpy lines them up.
 */
import { type DType, NAT, type NpyData, type NpyRecord, type PickleValue } from "@npyio/dtype";
import { datetimeAsString } from "./datetime-string.js";
import { type FloatBits, formatFloatScalar, formatPositional, formatScientific } from "./float-digits.js";
import { formatObjectElement } from "./object-repr.js";
import { reprBytes, reprStr, strVoid } from "./python-repr.js";

/** numpy's print options that this printer honours (numpy's defaults below). */
export interface PrintOptions {
  /** Most digits after the point for floats (numpy: 8). */
  precision: number;
  /** Arrays with more elements are summarised with `...` (numpy: 1000). */
  threshold: number;
  /** Items kept at each edge of a summarised axis (numpy: 3). */
  edgeitems: number;
  /** Characters per line before wrapping (numpy: 75). */
  linewidth: number;
}

export const NUMPY_PRINT_OPTIONS: Readonly<PrintOptions> = {
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
};

/**
 * Typed elements of one dtype: element `i` of `data`, in file order.
 *
 * @example
 * ```ts
 * const column: Column = { dtype: array.dtype, data: array.data };
 * ```
 */
export interface Column {
  dtype: DType;
  data: NpyData;
}

/** Formats element `i` of a column. */
export type ElementFormatter = (i: number) => string;

type Indexed<T> = { readonly [i: number]: T; readonly length: number };

function halfToNumber(bits: number): number {
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function floatBits(dtype: DType): FloatBits {
  const size = dtype.kind === "c" ? dtype.itemsize / 2 : dtype.itemsize;
  return size === 2 ? 16 : size === 4 ? 32 : 64;
}

/** Reads element `i` of a real float column as a number (f2 stored as bits is converted). */
function floatReader(column: Column): (i: number) => number {
  const data = column.data as Indexed<number>;
  if (column.dtype.itemsize === 2 && data instanceof Uint16Array) return (i) => halfToNumber(data[i]!);
  return (i) => data[i]!;
}

/** numpy's FloatingFormat (floatmode "maxprec", sign "-", suppress off) over `values`. */
export function floatingFormat(
  values: readonly number[],
  bits: FloatBits,
  precision: number,
  sign: "-" | "+" = "-",
): (x: number) => string {
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.filter((x) => x !== 0).map(Math.abs);
  let exp = false;
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    // numpy 2.4 switches to scientific earlier for narrow types: 10**min(8, finfo.precision)
    const cutoff = 10 ** Math.min(8, bits === 16 ? 3 : bits === 32 ? 6 : 15);
    exp = max >= cutoff || min < 0.0001 || max / min > 1000;
  }
  const plus = sign === "+";
  let padLeft = 0;
  let padRight = 0;
  let digits = precision;
  let expSize = -1;
  if (finite.length > 0 && exp) {
    const strs = finite.map((x) => formatScientific(x, bits, { precision, trim: ".", sign: plus }));
    const parts = strs.map((s) => {
      const [mantissa = "", exponent = ""] = s.split("e");
      const [int = "", frac = ""] = mantissa.split(".");
      return { int, frac, exponent };
    });
    expSize = Math.max(...parts.map((p) => p.exponent.length)) - 1;
    digits = Math.max(...parts.map((p) => p.frac.length));
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = expSize + 2 + digits;
  } else if (finite.length > 0) {
    const strs = finite.map((x) => formatPositional(x, bits, { precision, trim: ".", sign: plus }));
    const parts = strs.map((s) => s.split("."));
    padLeft = Math.max(...parts.map((p) => p[0]!.length));
    padRight = Math.max(...parts.map((p) => p[1]!.length));
  }
  if (finite.length !== values.length) {
    const negInf = plus || values.some((x) => x === -Infinity);
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  const width = padLeft + padRight + 1;
  return (x) => {
    if (Number.isNaN(x)) return `${plus ? "+" : ""}nan`.padStart(width, " ");
    if (!Number.isFinite(x)) return `${x < 0 ? "-" : plus ? "+" : ""}inf`.padStart(width, " ");
    if (exp) {
      return formatScientific(x, bits, {
        precision: digits,
        minDigits: digits,
        trim: "k",
        sign: plus,
        padLeft,
        expDigits: expSize,
      });
    }
    return formatPositional(x, bits, { precision, minDigits: 0, trim: ".", sign: plus, padLeft, padRight });
  };
}

/** The widest text of the largest and the smallest value, as numpy sizes integer and time columns. */
function extremeWidth<T extends number | bigint>(values: readonly T[], text: (x: T) => string): number {
  if (values.length === 0) return 0;
  let max = values[0]!;
  let min = values[0]!;
  for (const v of values) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return Math.max(text(max).length, text(min).length);
}

/** numpy's IntegerFormat: right-aligned to the widest of the largest and smallest value. */
function integerFormat<T extends number | bigint>(values: readonly T[]): (x: T) => string {
  const width = extremeWidth(values, String);
  return (x) => String(x).padStart(width, " ");
}

/** numpy's _TimelikeFormat: width from the largest and smallest non-NaT value, `'NaT'` for NaT. */
function timelikeFormat(values: readonly bigint[], text: (x: bigint) => string): (x: bigint) => string {
  const nonNat = values.filter((v) => v !== NAT);
  let width = extremeWidth(nonNat, text);
  if (nonNat.length < values.length) width = Math.max(width, 5);
  return (x) => (x === NAT ? "'NaT'" : text(x)).padStart(width, " ");
}

/**
 * The formatter numpy would pick for a column, sized from the elements `shown` (numpy sizes from
 * the edges it prints when it summarises).
 */
export function elementFormatter(
  column: Column,
  shown: readonly number[],
  options: PrintOptions,
  scalar = false,
): ElementFormatter {
  const { dtype } = column;
  if (dtype.kind === "struct") return structFormat(column, shown, options, scalar);
  if (dtype.kind === "subarray") {
    return structFieldFormat({ dtype: dtype.base, data: column.data }, dtype.shape, shown, options, scalar);
  }
  switch (dtype.kind) {
    case "b": {
      const data = column.data as Indexed<number>;
      // numpy pads True to the width of False, except in a 0-d array
      const yes = scalar ? "True" : " True";
      return (i) => (data[i] ? yes : "False");
    }
    case "i":
    case "u": {
      const data = column.data as Indexed<number | bigint>;
      const format = integerFormat(shown.map((i) => data[i]!));
      return (i) => format(data[i]!);
    }
    case "f": {
      const read = floatReader(column);
      // a 0-d record prints its floats with str(), numpy's float_kind=str for void scalars
      if (scalar) return (i) => formatFloatScalar(read(i), floatBits(dtype));
      const format = floatingFormat(
        shown.map((i) => read(i)),
        floatBits(dtype),
        options.precision,
      );
      return (i) => format(read(i));
    }
    case "c": {
      const data = column.data as Indexed<number>;
      const bits = floatBits(dtype);
      const real = floatingFormat(
        shown.map((i) => data[2 * i]!),
        bits,
        options.precision,
      );
      const imag = floatingFormat(
        shown.map((i) => data[2 * i + 1]!),
        bits,
        options.precision,
        "+",
      );
      return (i) => {
        const im = imag(data[2 * i + 1]!);
        // numpy puts the j before the imaginary part's padding
        const end = im.trimEnd().length;
        return `${real(data[2 * i]!)}${im.slice(0, end)}j${im.slice(end)}`;
      };
    }
    case "S": {
      const data = column.data as Indexed<string>;
      return (i) => reprBytes(data[i]!);
    }
    case "U": {
      const data = column.data as Indexed<string>;
      return (i) => reprStr(data[i]!);
    }
    case "V": {
      const data = column.data as Indexed<Uint8Array>;
      return (i) => strVoid(data[i]!);
    }
    case "M": {
      const data = column.data as Indexed<bigint>;
      const unit = dtype.unit ?? "generic";
      const format = timelikeFormat(
        shown.map((i) => data[i]!),
        (x) => `'${datetimeAsString(x, unit, dtype.multiplier ?? 1)}'`,
      );
      return (i) => format(data[i]!);
    }
    case "m": {
      const data = column.data as Indexed<bigint>;
      const format = timelikeFormat(
        shown.map((i) => data[i]!),
        (x) => x.toString(),
      );
      return (i) => format(data[i]!);
    }
    case "O": {
      // formatArray prints nested arrays in full (it passes its own repr); alone, an element only names them
      const data = column.data as PickleValue[];
      return (i) =>
        formatObjectElement(
          data[i]!,
          (a) => `array(shape=(${a.shape.join(", ")}), dtype=${JSON.stringify(a.dtype.descr)})`,
        );
    }
  }
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A struct field with a subarray shape: numpy's SubArrayFormat over the field's own formatter. */
function structFieldFormat(
  column: Column,
  shape: readonly number[],
  records: readonly number[],
  options: PrintOptions,
  scalar: boolean,
): ElementFormatter {
  const per = product(shape);
  if (shape.length === 0) return elementFormatter(column, records, options, scalar);
  const shown = records.flatMap((r) => Array.from({ length: per }, (_, j) => r * per + j));
  const inner = elementFormatter(column, shown, options, scalar);
  const summarise = per > options.threshold;
  const edge = options.edgeitems;
  const nest = (base: number, axis: number): string => {
    if (axis === shape.length) return inner(base);
    const n = shape[axis]!;
    const stride = product(shape.slice(axis + 1));
    const at = (k: number) => nest(base + k * stride, axis + 1);
    let parts: string[];
    if (summarise && n > 2 * edge) {
      parts = [
        ...Array.from({ length: edge }, (_, k) => at(k)),
        "...",
        ...Array.from({ length: edge }, (_, k) => at(n - edge + k)),
      ];
    } else parts = Array.from({ length: n }, (_, k) => at(k));
    return `[${parts.join(", ")}]`;
  };
  return (i) => nest(i * per, 0);
}

/** numpy's StructuredVoidFormat: fields as a tuple, `(x,)` for a single field. */
function structFormat(
  column: Column,
  shown: readonly number[],
  options: PrintOptions,
  scalar: boolean,
): ElementFormatter {
  if (column.dtype.kind !== "struct") throw new TypeError("not a struct dtype");
  const record = column.data as NpyRecord;
  const fields = column.dtype.fields.map((field) =>
    structFieldFormat({ dtype: field.dtype, data: record[field.name]! }, field.shape, shown, options, scalar),
  );
  return (i) => {
    const parts = fields.map((format) => format(i));
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
  };
}

/**
 * One element as numpy shows it inside an array, without the padding that lines up a column:
 * `0.01257302` for a float32 (8 digits at most, numpy's precision), `b'\x00\xff'`, `'NaT'`, `(1, 'a')`.
 *
 * @example
 * ```ts
 * formatElement({ dtype: parseDescr("<f4"), data: new Float32Array([0.012573022]) }, 0); // "0.01257302"
 * ```
 */
export function formatElement(column: Column, i: number): string {
  return elementFormatter(column, [i], NUMPY_PRINT_OPTIONS)(i).trim();
}
