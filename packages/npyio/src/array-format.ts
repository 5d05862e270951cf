/**
 * `str(array)` as numpy prints it (numpy/_core/arrayprint.py, `_formatArray`): nested brackets,
 * rows wrapped at the line width, and `...` in place of the middle of every long axis when the
 * array has more than `threshold` elements.
 */
import type { DType, NpyArray } from "@npyio/dtype";
import {
  type Column,
  type ElementFormatter,
  elementFormatter,
  NUMPY_PRINT_OPTIONS,
  type PrintOptions,
} from "./element-format.js";
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
): string {
  const separator = " ";
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
  return recurse(0, 0, " ", options.linewidth);
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
  if (shape.length === 0) return formatScalar(column, 0);
  if (options.rows !== undefined) shape[0] = Math.max(0, Math.min(shape[0]!, options.rows));
  const size = product(shape);
  if (size === 0) return "[]";
  const summarise = size > opts.threshold;
  const shown = shownElements(shape, strides, summarise, opts.edgeitems);
  const format = elementFormatter(column, shown, opts);
  return render(shape, strides, format, opts, summarise);
}
