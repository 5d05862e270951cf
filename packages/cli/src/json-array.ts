/**
 * An array as JSON: `{ descr, shape, fortranOrder, data }` with `data` nested in C order. JSON has
 * no NaN or infinity, so those are the strings "nan", "inf" and "-inf"; 64-bit integers beyond
 * 2^53 are decimal strings; NaT is null; datetimes are ISO strings; complex is `[re, im]`.
 */
import type { NpyArray } from "npyio";
import { cOrderIndex } from "./csv-table.js";
import { type ElementValue, elementValue } from "./element-value.js";

/** A JSON-safe value. */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function jsonSafe(value: ElementValue): JsonValue {
  if (typeof value === "bigint")
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "nan";
    if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
    return value;
  }
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

/** The array as a JSON-safe object. */
export function toJson(array: NpyArray): JsonValue {
  const at = cOrderIndex(array.shape, array.fortranOrder);
  const nest = (axis: number, base: number): JsonValue => {
    if (axis === array.shape.length) return jsonSafe(elementValue(array.dtype, array.data, at(base)));
    const n = array.shape[axis]!;
    const stride = array.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: n }, (_, k) => nest(axis + 1, base + k * stride));
  };
  return {
    descr: array.dtype.descr as JsonValue,
    shape: array.shape,
    fortranOrder: array.fortranOrder,
    data: nest(0, 0),
  };
}
