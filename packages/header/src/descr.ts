import { show, toDims } from "./dims.js";
import { fail } from "./npy-error.js";
import type { PyValue } from "./python-literal.js";
import { reprPython } from "./python-repr.js";

/**
 * The header's `descr`, as numpy's `dtype.descr` spells it: a dtype string (`'<f8'`), a list of field
 * tuples for structured dtypes, or a `(descr, shape)` subarray tuple. Python tuples are JS arrays;
 * `@npyio/dtype` interprets the value.
 *
 * @example
 * ```ts
 * const simple: Descr = "<f8";
 * const struct: Descr = [["x", "<f4"], ["tags", "|S4", [2]]];
 * const sub: Descr = { base: "<i2", shape: [3] };
 * ```
 */
export type Descr = string | DescrField[] | DescrSubarray;
/**
 * A field name, or `[title, name]` for a titled field.
 *
 * @example
 * ```ts
 * const titled: DescrFieldName = ["Temperature in kelvin", "temp"]; // numpy's (title, name)
 * ```
 */
export type DescrFieldName = string | [title: string, name: string];
/**
 * A field tuple: `('name', descr)` or `('name', descr, shape)`.
 *
 * @example
 * ```ts
 * const fields: DescrField[] = [["x", "<f4"], ["xy", "<f8", [2]]]; // ('x', '<f4'), ('xy', '<f8', (2,))
 * ```
 */
export type DescrField =
  | [name: DescrFieldName, descr: Descr]
  | [name: DescrFieldName, descr: Descr, shape: number[]];
/**
 * A top-level `(descr, shape)` subarray tuple; numpy never writes one but reads it.
 *
 * @example
 * ```ts
 * parseHeader(bytes).descr; // { base: "<i4", shape: [2] } for a header that says 'descr': ('<i4', (2,))
 * ```
 */
export interface DescrSubarray {
  base: Descr;
  shape: number[];
}

// A tuple's items: descr values come from the parser or descrToPython, so `tuple` is always an array
type MaybeTuple = { tuple?: unknown[] } | null | undefined;

/** Subarray shapes may be an int or a tuple of ints, as `numpy.dtype((base, shape))` accepts. */
const subShape = (v: unknown) =>
  toDims(typeof v === "number" ? { tuple: [v] } : v, "BAD_DESCR", "a subarray shape");

/**
 * Turns a parsed header `descr` into a {@link Descr}, checking its structure as numpy's
 * `descr_to_dtype` does (BAD_DESCR otherwise). Whether the dtype strings are valid is for `@npyio/dtype`.
 */
export function descrFromPython(value: unknown): Descr {
  const sub = (value as MaybeTuple)?.tuple;
  return typeof value === "string"
    ? value
    : sub?.length === 2
      ? { base: descrFromPython(sub[0]), shape: subShape(sub[1]) }
      : Array.isArray(value)
        ? value.map((field) => {
            const f = (field as MaybeTuple)?.tuple ?? [];
            const title = (f[0] as MaybeTuple)?.tuple;
            return (f.length - 2) >>> 0 > 1 ||
              (title?.length === 2 ? title : [f[0]]).some((s) => typeof s !== "string")
              ? fail("BAD_DESCR", "a field (name, descr[, shape])", show(field))
              : (f.map((x, i) =>
                  i > 1 ? subShape(x) : i ? descrFromPython(x) : (title ?? x),
                ) as DescrField);
          })
        : fail("BAD_DESCR", "descr: a str, [fields] or (descr, shape)", show(value));
}

/**
 * The Python value numpy would `repr` for a {@link Descr}: arrays are tuples except a field list (an array
 * where a descr goes: at the top, a field's second item, a subarray's base). Unchecked; pair it with
 * descrFromPython.
 */
const descrToPython = (descr: unknown, list?: unknown): PyValue =>
  Array.isArray(descr)
    ? list
      ? descr.map((f) => descrToPython(f))
      : { tuple: descr.map((x, i) => descrToPython(x, i === 1)) }
    : descr && typeof descr === "object"
      ? {
          tuple: [
            descrToPython((descr as DescrSubarray).base, 1),
            descrToPython((descr as DescrSubarray).shape),
          ],
        }
      : (descr as PyValue);

/**
 * numpy's `repr` of a descr, exactly as it appears in a header (`'<f8'`, `[('a', '<i4', (2,))]`).
 * Throws BAD_DESCR when the value is not a well-formed {@link Descr}.
 *
 * @example
 * ```ts
 * reprDescr([["x", "<f4"], ["y", "<i2", [2]]]); // "[('x', '<f4'), ('y', '<i2', (2,))]"
 * ```
 */
export function reprDescr(descr: Descr): string {
  const value = descrToPython(descr, 1);
  descrFromPython(value);
  return reprPython(value);
}
