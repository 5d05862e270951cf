import type { DType } from "npyio";

/** One column of the values table: a label and the text of element `flat` (file element order). */
export interface Column {
  label: string;
  text(flat: number): string;
}

/**
 * The columns that show an array's elements: one for a plain dtype, one per field of a struct
 * (nested structs flattened as `outer.inner`, subarray fields shown as lists).
 */
export function columnsOf(dtype: DType, data: unknown, label = "value"): Column[] {
  if (dtype.kind === "struct") {
    const record = data as Record<string, unknown>;
    return dtype.fields.flatMap((field) => {
      const column = record[field.name];
      const inner = columnsOf(field.dtype, column, field.name);
      const count = product(field.shape);
      if (field.dtype.kind === "struct") {
        return inner.map((c) => ({ label: `${field.name}.${c.label}`, text: c.text }));
      }
      return count === 1 && field.shape.length === 0 ? inner : [listColumn(field.name, inner[0]!, count)];
    });
  }
  if (dtype.kind === "subarray") {
    const inner = columnsOf(dtype.base, data, label)[0]!;
    return [listColumn(label, inner, product(dtype.shape))];
  }
  return [{ label, text: scalarFormatter(dtype, data) }];
}

function listColumn(label: string, inner: Column, count: number): Column {
  const shown = Math.min(count, 8);
  return {
    label,
    text(flat) {
      const items: string[] = [];
      for (let k = 0; k < shown; k++) items.push(inner.text(flat * count + k));
      return `[${items.join(", ")}${count > shown ? ", …" : ""}]`;
    },
  };
}

/** Text of element `flat` of plain (non-struct) data, readable the way numpy prints it. */
export function scalarFormatter(dtype: DType, data: unknown): (flat: number) => string {
  const values = data as ArrayLike<number | bigint | string | Uint8Array>;
  switch (dtype.kind) {
    case "b":
      return (i) => (values[i] ? "True" : "False");
    case "i":
    case "u":
      return (i) => String(values[i]);
    case "f":
      if (data instanceof Uint16Array)
        return (i) => `0x${values[i]!.toString(16).padStart(4, "0")} (f2 bits)`;
      return (i) => formatFloat(Number(values[i]));
    case "c":
      return (i) => formatComplex(Number(values[2 * i]), Number(values[2 * i + 1]));
    case "U":
      return (i) => String(values[i]);
    case "S":
      return (i) => `b'${String(values[i])}'`;
    case "V":
      return (i) => hex(values[i] as Uint8Array);
    case "M":
      return (i) =>
        formatDatetime(BigInt(values[i] as bigint), dtype.unit ?? "generic", dtype.multiplier ?? 1);
    case "m":
      return (i) =>
        formatTimedelta(BigInt(values[i] as bigint), dtype.unit ?? "generic", dtype.multiplier ?? 1);
    default:
      return (i) => String(values[i]);
  }
}

export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const abs = Math.abs(v);
  // whole numbers print in full (an index stored as float stays readable), up to 2^53
  if (Number.isInteger(v) && abs <= Number.MAX_SAFE_INTEGER) return String(v);
  const text = abs >= 1e-4 && abs < 1e9 ? v.toPrecision(6) : v.toExponential(4);
  // trim trailing zeros after the point: 1.50000 -> 1.5, 2.00000e+10 -> 2e+10, 150000 stays
  return text.includes(".") ? text.replace(/\.?0+(?=e|$)/, "") : text;
}

function formatComplex(re: number, im: number): string {
  const sign = im < 0 || Object.is(im, -0) ? "-" : "+";
  return `${formatFloat(re)}${sign}${formatFloat(Math.abs(im))}j`;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const NAT = -(2n ** 63n);

// seconds per unit for units from seconds up, and the digits after the point for sub-second units
const SECONDS: Record<string, bigint> = { W: 604800n, D: 86400n, h: 3600n, m: 60n, s: 1n };
const FRACTION_DIGITS: Record<string, number> = { ms: 3, us: 6, ns: 9, ps: 12, fs: 15, as: 18 };
// how much of an ISO timestamp numpy prints for each unit
const ISO_LENGTH: Record<string, number> = { W: 10, D: 10, h: 13, m: 16, s: 19 };

/** A datetime64 count as numpy prints it: `2024-03-01T08:00:00`, `2024-03`, `NaT`. */
export function formatDatetime(count: bigint, unit: string, multiplier: number): string {
  if (count === NAT) return "NaT";
  const n = count * BigInt(multiplier);
  if (unit === "Y") return String(1970n + n);
  if (unit === "M") {
    const year = 1970n + floorDiv(n, 12n);
    const month = n - floorDiv(n, 12n) * 12n + 1n;
    return `${year}-${String(month).padStart(2, "0")}`;
  }
  const perUnit = SECONDS[unit];
  if (perUnit !== undefined) return isoSeconds(n * perUnit).slice(0, ISO_LENGTH[unit]);
  const digits = FRACTION_DIGITS[unit];
  if (digits === undefined) return `${count} (${unit})`;
  const scale = 10n ** BigInt(digits);
  const seconds = floorDiv(n, scale);
  return `${isoSeconds(seconds)}.${String(n - seconds * scale).padStart(digits, "0")}`;
}

function isoSeconds(seconds: bigint): string {
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? `${seconds}s` : date.toISOString().slice(0, 19);
}

function formatTimedelta(count: bigint, unit: string, multiplier: number): string {
  if (count === NAT) return "NaT";
  return `${count * BigInt(multiplier)} ${unit}`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Element strides of an array of `shape` stored in C (row-major) or Fortran (column-major) order. */
export function strides(shape: readonly number[], fortranOrder: boolean): number[] {
  const out = new Array<number>(shape.length).fill(1);
  if (fortranOrder) for (let k = 1; k < shape.length; k++) out[k] = out[k - 1]! * shape[k - 1]!;
  else for (let k = shape.length - 2; k >= 0; k--) out[k] = out[k + 1]! * shape[k + 1]!;
  return out;
}

/** `(160, 240)`, `(4096,)`, `()` as numpy prints a shape. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** 1.2 MB, 153,728 bytes for small ones. */
export function formatBytes(n: number): string {
  if (n < 10_000) return `${n.toLocaleString("en-US")} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}
