import { show, toDims } from "./dims.js";
import { CORRUPT, fail } from "./npy-error.js";
import type { PyValue } from "./python-literal.js";
import { reprPython } from "./python-repr.js";

/**
 * The header's `descr`, as numpy's `dtype.descr` spells it: a dtype string (`'<f8'`), a list of field
 * tuples for structured dtypes, or a `(descr, shape)` subarray tuple. Python tuples are JS arrays;
 * `@npyio/dtype` interprets the value.
 */
export type Descr = string | DescrField[] | DescrSubarray;
/** A field name, or `[title, name]` for a titled field. */
export type DescrFieldName = string | [title: string, name: string];
/** A field tuple: `('name', descr)` or `('name', descr, shape)`. */
export type DescrField =
  | [name: DescrFieldName, descr: Descr]
  | [name: DescrFieldName, descr: Descr, shape: number[]];
/** A top-level `(descr, shape)` subarray tuple; numpy never writes one but reads it. */
export interface DescrSubarray {
  base: Descr;
  shape: number[];
}

const items = (v: unknown): unknown[] | undefined => {
  const t = (v as { tuple?: unknown } | null)?.tuple;
  return Array.isArray(t) ? t : undefined;
};

/** Subarray shapes may be an int or a tuple of ints, as `numpy.dtype((base, shape))` accepts. */
const subShape = (v: unknown) =>
  toDims(typeof v === "number" ? { tuple: [v] } : v, "BAD_DESCR", "a subarray shape");

/**
 * Turns a parsed header `descr` into a {@link Descr}, checking its structure as numpy's
 * `descr_to_dtype` does (BAD_DESCR otherwise). Whether the dtype strings are valid is for `@npyio/dtype`.
 */
export function descrFromPython(value: unknown): Descr {
  const sub = items(value);
  if (typeof value === "string") return value;
  if (sub?.length === 2) return { base: descrFromPython(sub[0]), shape: subShape(sub[1]) };
  if (!Array.isArray(value)) {
    return fail(
      "BAD_DESCR",
      "descr to be a str, a list of fields or a (descr, shape) tuple",
      show(value),
      CORRUPT,
    );
  }
  return value.map((field) => {
    const f = items(field) ?? [];
    const title = items(f[0]);
    if (
      f.length < 2 ||
      f.length > 3 ||
      (typeof f[0] !== "string" && !(title?.length === 2 && title.every((s) => typeof s === "string")))
    ) {
      fail("BAD_DESCR", "a field ('name', descr) or ('name', descr, shape)", show(field), CORRUPT);
    }
    const out = [title ?? f[0], descrFromPython(f[1])];
    if (f.length > 2) out.push(subShape(f[2]));
    return out as DescrField;
  });
}

/** The Python value numpy would `repr` for a {@link Descr}; unchecked, pair it with descrFromPython. */
export function descrToPython(descr: Descr): PyValue {
  if (Array.isArray(descr)) {
    return descr.map((f) =>
      Array.isArray(f)
        ? {
            tuple: f.map((x, i) =>
              i === 1 ? descrToPython(x as Descr) : Array.isArray(x) ? { tuple: x } : x,
            ),
          }
        : f,
    ) as PyValue;
  }
  if (typeof descr === "object" && descr !== null) {
    const { base, shape } = descr;
    return { tuple: [descrToPython(base), Array.isArray(shape) ? { tuple: shape } : shape] };
  }
  return descr;
}

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
  const value = descrToPython(descr);
  descrFromPython(value);
  return reprPython(value);
}
