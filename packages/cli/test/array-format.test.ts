import { fileURLToPath } from "node:url";
import type { DType, NpyData, NpyRecord } from "npyio";
import { formatArray } from "npyio/repr";
import { describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { python } from "./helpers/python.js";

interface CaseColumn {
  kind: string;
  itemsize: number;
  unit?: string;
  multiplier?: number;
  hex?: string;
  strings?: string[];
  voids?: string[];
  fields?: { name: string; shape: number[]; column: CaseColumn }[];
}
interface PrintCase {
  name: string;
  shape: number[];
  column: CaseColumn;
  str: string;
}

const TYPED: Record<string, new (b: ArrayBuffer) => NpyData> = {
  b1: Uint8Array,
  i1: Int8Array,
  u1: Uint8Array,
  i2: Int16Array,
  u2: Uint16Array,
  i4: Int32Array,
  u4: Uint32Array,
  i8: BigInt64Array,
  u8: BigUint64Array,
  f2: Uint16Array,
  f4: Float32Array,
  f8: Float64Array,
  c8: Float32Array,
  c16: Float64Array,
  M8: BigInt64Array,
  m8: BigInt64Array,
};

function bytesOf(hex: string): ArrayBuffer {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out.buffer;
}

/** A DType and data as @npyio/dtype would decode them, from the case's JSON. */
function columnOf(c: CaseColumn): { dtype: DType; data: NpyData } {
  const common = { descr: "", itemsize: c.itemsize, alignment: 1, byteOrder: "<" as const };
  if (c.kind === "struct") {
    const data: NpyRecord = {};
    const fields = (c.fields ?? []).map((f) => {
      const col = columnOf(f.column);
      data[f.name] = col.data;
      return { name: f.name, offset: 0, dtype: col.dtype, shape: f.shape };
    });
    return { dtype: { ...common, descr: [], kind: "struct", fields } as unknown as DType, data };
  }
  const dtype = { ...common, kind: c.kind, unit: c.unit, multiplier: c.multiplier } as unknown as DType;
  if (c.strings) return { dtype, data: c.strings };
  if (c.voids) return { dtype, data: c.voids.map((h) => new Uint8Array(bytesOf(h))) };
  const key = c.kind === "M" || c.kind === "m" ? `${c.kind}8` : `${c.kind}${c.itemsize}`;
  return { dtype, data: new TYPED[key]!(bytesOf(c.hex ?? "")) };
}

const hasNumpy = requireNumpy("the numpy print comparisons");

const script = fileURLToPath(new URL("./helpers/print-cases.py", import.meta.url));
const cases: PrintCase[] = !hasNumpy ? [] : JSON.parse(python([script, process.env.PRINT_SEED ?? "7"]));

describe.skipIf(!hasNumpy)("formatArray prints what numpy's str() prints", () => {
  // without numpy there are no cases: one skipped test keeps the gap visible in the counts
  if (!hasNumpy) it("every case numpy generates", () => {});
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const { dtype, data } = columnOf(c.column);
    expect(formatArray({ dtype, data, shape: c.shape, fortranOrder: false })).toBe(c.str);
  });
});
