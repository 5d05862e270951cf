/**
 * `str(array)` as numpy prints it (numpy/_core/arrayprint.py, `_formatArray`): nested brackets,
 * rows wrapped at the line width, and `...` in place of the middle of every long axis when the
 * array has more than `threshold` elements.
 */
import type { DType, NpyArray, PickleValue } from "@npyio/dtype";
import {
  type Column,
  type ElementFormatter,
  elementFormatter,
  NUMPY_PRINT_OPTIONS,
  type PrintOptions,
} from "./element-format.js";
import { formatObjectElement, reprObject } from "./object-repr.js";
import { formatScalar } from "./scalar-format.js";

/**
 * Options of {@link formatArray}: numpy's print options, and how many rows of axis 0 to show.
 *
 * @example
 * ```ts
 * formatArray(array, { precision: 3, threshold: 10 });
 * ```
 */
export interface FormatArrayOptions extends Partial<PrintOptions> {
  /** Show only the first `rows` entries along the first axis, as numpy prints `a[:rows]`. */
  rows?: number;
}

interface Layout {
  column: Column;
  shape: number[];
  /** Element strides of the logical (C-order) axes inside the file's element order. */
  strides: number[];
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Logical shape and strides, with a top-level subarray dtype expanded into trailing axes as numpy does. */
function layout(array: NpyArray): Layout {
  const { shape, fortranOrder } = array;
  const strides = shape.map((_, k) =>
    fortranOrder ? product(shape.slice(0, k)) : product(shape.slice(k + 1)),
  );
  const dtype: DType = array.dtype;
  if (dtype.kind !== "subarray") return { column: { dtype, data: array.data }, shape: [...shape], strides };
  const per = product(dtype.shape);
  return {
    column: { dtype: dtype.base, data: array.data },
    shape: [...shape, ...dtype.shape],
    strides: [
      ...strides.map((s) => s * per),
      ...dtype.shape.map((_, k) => product(dtype.shape.slice(k + 1))),
    ],
  };
}

/** The positions along an axis of length `n` that are printed: all, or the edges when summarising. */
function shownPositions(n: number, summarise: boolean, edge: number): number[] {
  if (summarise && n > 2 * edge) {
    return [
      ...Array.from({ length: edge }, (_, k) => k),
      ...Array.from({ length: edge }, (_, k) => n - edge + k),
    ];
  }
  return Array.from({ length: n }, (_, k) => k);
}

/** File element indices of everything printed (numpy's `_leading_trailing`). */
function shownElements(
  shape: readonly number[],
  strides: readonly number[],
  summarise: boolean,
  edge: number,
) {
  let indices = [0];
  shape.forEach((n, axis) => {
    const positions = shownPositions(n, summarise, edge);
    indices = indices.flatMap((base) => positions.map((p) => base + p * strides[axis]!));
  });
  return indices;
}

// numpy's _extendLine: wrap before a word that would pass the line width, unless wrapping cannot help
function extendLine(s: string, line: string, word: string, width: number, prefix: string): [string, string] {
  const wrap = line.length + word.length > width && line.length > prefix.length;
  if (wrap) {
    s += `${line.trimEnd()}\n`;
    line = prefix;
  }
  return [s, line + word];
}

// numpy's _extendLine_pretty: a multi-line word (a nested subarray) keeps its own line breaks
function extendLinePretty(
  s: string,
  line: string,
  word: string,
  width: number,
  prefix: string,
): [string, string] {
  const words = word.split("\n");
  if (words.length === 1) return extendLine(s, line, word, width, prefix);
  const longest = Math.max(...words.map((w) => w.length));
  let indent: string;
  if (line.length + longest > width && line.length > prefix.length) {
    s += `${line.trimEnd()}\n`;
    line = prefix + words[0];
    indent = prefix;
  } else {
    indent = " ".repeat(line.length);
    line += words[0];
  }
  for (const w of words.slice(1)) {
    s += `${line.trimEnd()}\n`;
    line = indent + w;
  }
  return [s, line + " ".repeat(longest - words[words.length - 1]!.length)];
}

function render(
  shape: readonly number[],
  strides: readonly number[],
  format: ElementFormatter,
  options: PrintOptions,
  summarise: boolean,
  separator = " ",
  hangingIndent = " ",
): string {
  const edge = options.edgeitems;
  const recurse = (axis: number, base: number, hanging: string, width: number): string => {
    const left = shape.length - axis;
    if (left === 0) return format(base);
    const nextHanging = `${hanging} `;
    const nextWidth = width - 1;
    const n = shape[axis]!;
    const at = (k: number) => recurse(axis + 1, base + k * strides[axis]!, nextHanging, nextWidth);
    const summary = summarise && 2 * edge < n;
    const leading = summary ? edge : 0;
    const trailing = summary ? edge : n;
    let s = "";
    if (left === 1) {
      const elemWidth = width - Math.max(separator.trimEnd().length, 1);
      let line = hanging;
      for (let k = 0; k < leading; k++) {
        [s, line] = extendLinePretty(s, line, at(k), elemWidth, hanging);
        line += separator;
      }
      if (summary) {
        [s, line] = extendLine(s, line, "...", elemWidth, hanging);
        line += separator;
      }
      for (let k = trailing; k > 1; k--) {
        [s, line] = extendLinePretty(s, line, at(n - k), elemWidth, hanging);
        line += separator;
      }
      [s, line] = extendLinePretty(s, line, at(n - 1), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = separator.trimEnd() + "\n".repeat(left - 1);
      for (let k = 0; k < leading; k++) s += hanging + at(k) + lineSep;
      if (summary) s += `${hanging}...${lineSep}`;
      for (let k = trailing; k > 1; k--) s += hanging + at(n - k) + lineSep;
      s += hanging + at(n - 1);
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(0, 0, hangingIndent, options.linewidth);
}

/** The element formatter of a column: numpy's per-dtype one, or repr() of each object of an object array. */
function formatterOf(column: Column, shown: number[], opts: PrintOptions): ElementFormatter {
  if (column.dtype.kind !== "O") return elementFormatter(column, shown, opts);
  const data = column.data as PickleValue[];
  return (i) => formatObjectElement(data[i]!, formatArrayRepr);
}

// numpy's names of the dtypes a repr spells without quotes (dtype.name)
const NAMES: Readonly<Record<string, string>> = {
  b1: "bool",
  i1: "int8",
  i2: "int16",
  i4: "int32",
  i8: "int64",
  u1: "uint8",
  u2: "uint16",
  u4: "uint32",
  u8: "uint64",
  f2: "float16",
  f4: "float32",
  f8: "float64",
  c8: "complex64",
  c16: "complex128",
};
// dtypes numpy's repr leaves implied (dtype_is_implied): float64, int64, bool, complex128
const IMPLIED = new Set(["float64", "int64", "bool", "complex128"]);

const pyTuple = (items: string[]): string => `(${items.join(", ")}${items.length === 1 ? "," : ""})`;

/** numpy's `dtype_short_repr`: `float32`, `'<U2'`, `'>i4'`, `'datetime64[D]'`, `object`, a field list. */
function dtypeRepr(dtype: DType): string {
  if (dtype.kind === "O") return "object";
  if (dtype.kind === "struct" || dtype.kind === "subarray") {
    const descr = (d: unknown): string =>
      typeof d === "string"
        ? `'${d}'`
        : Array.isArray(d)
          ? `[${d.map((f: unknown[]) => pyTuple(f.map((x, k) => (k === 2 ? pyTuple((x as number[]).map(String)) : Array.isArray(x) ? descr(x) : typeof x === "string" ? `'${x}'` : String(x))))).join(", ")}]`
          : String(d);
    return descr(dtype.descr);
  }
  const text = dtype.descr as string;
  const key = `${dtype.kind}${dtype.itemsize}`;
  const native = dtype.byteOrder === "|" || text[0] === "<";
  if (dtype.kind === "M" || dtype.kind === "m") {
    const unit = text.slice(3);
    return native ? `'${dtype.kind === "M" ? "datetime64" : "timedelta64"}${unit}'` : `'${text}'`;
  }
  const name = NAMES[key];
  return name !== undefined && native ? name : `'${text}'`;
}

/**
 * numpy's `repr(array)`: `array([1., 2.])`, with `, dtype=...` unless the dtype is implied, as an
 * element of an object array prints.
 *
 * @example
 * ```ts
 * formatArrayRepr({ dtype: parseDescr("<f8"), shape: [2], fortranOrder: false, data: new Float64Array([1, 2]) });
 * // "array([1., 2.])"
 * ```
 */
export function formatArrayRepr(array: NpyArray): string {
  const opts: PrintOptions = { ...NUMPY_PRINT_OPTIONS };
  const { column, shape, strides } = layout(array);
  const size = product(shape);
  const dtype = dtypeRepr(array.dtype);
  const skipDtype = IMPLIED.has(dtype) && size > 0;
  const prefix = "array(";
  let body: string;
  if (shape.length === 0) {
    body =
      column.dtype.kind === "O"
        ? reprObject((column.data as PickleValue[])[0]!, formatArrayRepr)
        : formatScalar(column, 0);
  } else if (size === 0) {
    body = shape.length === 1 ? "[]" : `[], shape=${pyTuple(shape.map(String))}`;
  } else {
    const summarise = size > opts.threshold;
    const shown = shownElements(shape, strides, summarise, opts.edgeitems);
    const format = formatterOf(column, shown, opts);
    body = render(
      shape,
      strides,
      format,
      { ...opts, linewidth: opts.linewidth - 1 },
      summarise,
      ", ",
      " ".repeat(prefix.length + 1),
    );
  }
  return skipDtype ? `${prefix}${body})` : `${prefix}${body}, dtype=${dtype})`;
}

/**
 * The text numpy's `print(array)` shows (`str(array)`), with numpy's default print options unless
 * overridden. A 0-d array prints as its scalar, as numpy does.
 *
 * @example
 * ```ts
 * formatArray({ dtype, shape: [3], fortranOrder: false, data: new Float64Array([1, 2.5, 1e-9]) })
 * // "[1.0e+00 2.5e+00 1.0e-09]"
 * ```
 */
export function formatArray(array: NpyArray, options: FormatArrayOptions = {}): string {
  const opts: PrintOptions = { ...NUMPY_PRINT_OPTIONS, ...options };
  const { column, shape, strides } = layout(array);
  if (shape.length === 0) {
    if (column.dtype.kind !== "O") return formatScalar(column, 0);
    // str() of a 0-d object array is str() of its element: a str prints unquoted
    const item = (column.data as PickleValue[])[0]!;
    return typeof item === "string" ? item : reprObject(item, formatArrayRepr);
  }
  if (options.rows !== undefined) shape[0] = Math.max(0, Math.min(shape[0]!, options.rows));
  const size = product(shape);
  if (size === 0) return "[]";
  const summarise = size > opts.threshold;
  const shown = shownElements(shape, strides, summarise, opts.edgeitems);
  const format = formatterOf(column, shown, opts);
  return render(shape, strides, format, opts, summarise);
}
