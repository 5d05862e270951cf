/**
 * CSV in and out (RFC 4180: commas, double-quoted fields, `""` for a quote inside, CRLF or LF).
 * Arrays of 0, 1 or 2 dimensions map to rows; a structured array has one column per field and a
 * header row of field names.
 */
import { type DType, type NpyArray, type NpyData, NpyError, type NpyRecord, parseDescr } from "npyio";
import { formatFloatScalar } from "npyio/repr";
import { type ElementValue, elementValue } from "./element-value.js";

/** Splits CSV text into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = "";
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n" || ch === "\r") {
      endField();
      rows.push(row);
      row = [];
      if (ch === "\r" && text[i + 1] === "\n") i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new NpyError("BAD_DATA", 'the CSV ends inside a quoted field; a closing " is missing');
  if (field !== "" || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

function cellText(value: ElementValue, dtype: DType): string {
  const bits = bitsOf(dtype);
  if (value === null) return "";
  if (dtype.kind === "i" || dtype.kind === "u") return String(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return formatFloatScalar(value, bits);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return quote(value);
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === "number") {
    const [re, im] = value as [number, number];
    const imText = formatFloatScalar(im, bits).replace(/\.0$/, "");
    return `${formatFloatScalar(re, bits).replace(/\.0$/, "")}${imText.startsWith("-") ? "" : "+"}${imText}j`;
  }
  throw new NpyError("INVALID_ARGUMENT", "a CSV cell holds one value; this element is a list or record");
}

/** The cells of element `i`: one per scalar inside it, named `a`, `b[0]`, `b[1]`, `c.d`. */
function cells(dtype: DType, data: NpyData, i: number, name: string, out: [string, string][]): void {
  if (dtype.kind === "struct") {
    const record = data as NpyRecord;
    for (const f of dtype.fields) {
      const per = f.shape.reduce((a, b) => a * b, 1);
      const base = name === "" ? f.name : `${name}.${f.name}`;
      for (let k = 0; k < per; k++) {
        cells(f.dtype, record[f.name]!, i * per + k, f.shape.length === 0 ? base : `${base}[${k}]`, out);
      }
    }
  } else if (dtype.kind === "subarray") {
    const per = dtype.shape.reduce((a, b) => a * b, 1);
    for (let k = 0; k < per; k++) cells(dtype.base, data, i * per + k, `${name}[${k}]`, out);
  } else out.push([name, cellText(elementValue(dtype, data, i), dtype)]);
}

function bitsOf(dtype: DType): 16 | 32 | 64 {
  if (dtype.kind === "f") return dtype.itemsize === 2 ? 16 : dtype.itemsize === 4 ? 32 : 64;
  if (dtype.kind === "c") return dtype.itemsize === 8 ? 32 : 64;
  return 64;
}

/** Logical (C-order) element indices into file order for a shape and memory order. */
export function cOrderIndex(shape: readonly number[], fortranOrder: boolean): (k: number) => number {
  if (!fortranOrder || shape.length < 2) return (k) => k;
  return (k) => {
    let index = 0;
    let stride = 1;
    let rest = k;
    const coords: number[] = [];
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      coords[axis] = rest % shape[axis]!;
      rest = Math.floor(rest / shape[axis]!);
    }
    for (let axis = 0; axis < shape.length; axis++) {
      index += coords[axis]! * stride;
      stride *= shape[axis]!;
    }
    return index;
  };
}

/** The array as CSV text: one row per entry of axis 0, one column per entry of axis 1 or field. */
export function toCsv(array: NpyArray): string {
  const { dtype, data, shape } = array;
  if (shape.length > 2) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `CSV holds 1-d or 2-d arrays; this one has shape (${shape.join(", ")}): convert to .json, or reshape it first`,
    );
  }
  const rows = shape.length === 0 ? 1 : shape[0]!;
  const cols = shape.length === 2 ? shape[1]! : 1;
  const at = cOrderIndex(shape, array.fortranOrder);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: [string, string][] = [];
    for (let c = 0; c < cols; c++) cells(dtype, data, at(r * cols + c), cols > 1 ? `[${c}]` : "", row);
    // a record's fields get a header row of names
    if (r === 0 && (dtype.kind === "struct" || dtype.kind === "subarray")) {
      lines.push(row.map(([n]) => quote(n)).join(","));
    }
    lines.push(row.map(([, v]) => v).join(","));
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|nan|inf|infinity)$/i;
const BOOL = /^(true|false)$/i;

/** The dtype numpy's `genfromtxt(dtype=None)` would pick for a column of cells, roughly. */
function inferDescr(cells: readonly string[]): string {
  if (cells.every((c) => BOOL.test(c))) return "|b1";
  if (cells.every((c) => INT.test(c))) return "<i8";
  if (cells.every((c) => FLOAT.test(c) || c === "")) return "<f8";
  return `<U${Math.max(1, ...cells.map((c) => [...c].length))}`;
}

function parseNumber(cell: string, where: string): number {
  const t = cell.trim().toLowerCase();
  if (t === "" || t === "nan" || t === "+nan" || t === "-nan") return Number.NaN;
  if (/^[+]?inf(inity)?$/.test(t)) return Infinity;
  if (/^-inf(inity)?$/.test(t)) return -Infinity;
  if (!FLOAT.test(t))
    throw new NpyError("BAD_DATA", `${where}: expected a number, found ${JSON.stringify(cell)}`);
  return Number(t);
}

function parseInteger(cell: string, where: string): bigint {
  if (!INT.test(cell.trim()))
    throw new NpyError("BAD_DATA", `${where}: expected an integer, found ${JSON.stringify(cell)}`);
  return BigInt(cell.trim());
}

/** Parsed cells of one column as what `encode` needs for the dtype (before any cast). */
function columnData(dtype: DType, cells: readonly string[], where: (k: number) => string) {
  switch (dtype.kind) {
    case "b":
      return Uint8Array.from(cells, (c, k) => {
        if (/^(true|1)$/i.test(c.trim())) return 1;
        if (/^(false|0)$/i.test(c.trim())) return 0;
        throw new NpyError("BAD_DATA", `${where(k)}: expected True or False, found ${JSON.stringify(c)}`);
      });
    case "i":
    case "u":
      return BigInt64Array.from(cells, (c, k) => parseInteger(c, where(k)));
    case "f":
      return Float64Array.from(cells, (c, k) => parseNumber(c, where(k)));
    case "U":
    case "S":
      return [...cells];
    default:
      throw new NpyError(
        "INVALID_ARGUMENT",
        `CSV input converts to numbers, bools or strings, not ${JSON.stringify(dtype.descr)}`,
      );
  }
}

/** A table read from CSV: parsed cells and the dtype of the source values. */
export interface CsvArray {
  /** The array in the dtype the text implies (`<i8`, `<f8`, `|b1` or `<U…`). */
  array: NpyArray;
  /** Whether the first row was taken as column names. */
  header: boolean;
}

/**
 * Reads CSV text into a 1-d (one column) or 2-d array. A first row of non-numbers above numeric
 * rows is a header and is skipped. The dtype is `<i8`, `<f8`, `|b1` or `<U<n>` as the cells allow.
 */
export function fromCsv(text: string): CsvArray {
  let rows = parseCsv(text);
  const numeric = (c: string) => FLOAT.test(c.trim()) || BOOL.test(c.trim());
  const header =
    rows.length > 1 && rows[0]!.every((c) => !numeric(c)) && rows.slice(1).some((r) => r.some(numeric));
  const first = header ? 2 : 1;
  if (header) rows = rows.slice(1);
  const cols = rows[0]?.length ?? 0;
  rows.forEach((r, k) => {
    if (r.length !== cols) {
      throw new NpyError(
        "BAD_DATA",
        `CSV row ${k + first} has ${r.length} fields, row ${first} has ${cols}; every row needs the same number of columns`,
      );
    }
  });
  const cells = rows.flat().map((c) => c.trim());
  const dtype = parseDescr(inferDescr(cells));
  const data = columnData(
    dtype,
    cells,
    (k) => `CSV row ${Math.floor(k / cols) + first}, column ${(k % cols) + 1}`,
  );
  const shape = cols === 1 ? [rows.length] : [rows.length, cols];
  return { array: { dtype, shape, fortranOrder: false, data }, header };
}
