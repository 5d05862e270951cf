import type { DType, NpyData } from "npyio";
import { formatElement, formatScalar } from "npyio/repr";

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

/**
 * Text of element `flat` of plain (non-struct) data, through npyio's numpy printing (the module the
 * `npyio` command prints with): numbers and bytes as numpy shows them inside an array (`0.01257302`,
 * `b'\x00\xff'`), strings and times as numpy's `str()` of the scalar, without quotes.
 */
export function scalarFormatter(dtype: DType, data: unknown): (flat: number) => string {
  const column = { dtype, data: data as NpyData };
  if (dtype.kind === "U" || dtype.kind === "M" || dtype.kind === "m") return (i) => formatScalar(column, i);
  return (i) => formatElement(column, i);
}

/**
 * An axis or colour-scale label: at most 6 significant digits, exponent form for large and tiny
 * magnitudes (`1.25e7`), so labels stay short enough to sit side by side.
 */
export function formatTick(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return "0";
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-3) {
    const [mantissa = "", exp = ""] = v.toExponential(3).split("e");
    return `${mantissa.replace(/\.?0+$/, "")}e${exp.replace("+", "")}`;
  }
  return String(Number(v.toPrecision(6)));
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
