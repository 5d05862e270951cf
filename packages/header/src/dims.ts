import { fail, type NpyErrorCode } from "./npy-error.js";
import type { PyValue } from "./python-literal.js";
import { reprPython } from "./python-repr.js";

/** A value for an error message: its Python repr, cut short. */
export function show(value: unknown): string {
  let s: string;
  try {
    s = reprPython(value as PyValue);
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * Checks a tuple of dimensions (`{ tuple }`): non-negative safe integers whose product is a safe
 * integer too, so element counts and byte offsets stay exact in JS numbers.
 */
export function toDims(tuple: unknown, code: NpyErrorCode, what: string): number[] {
  // a tuple's items are an array; anything else has no `every`
  const dims = (tuple as { tuple?: number[] } | null)?.tuple;
  return dims?.every?.((d) => Number.isSafeInteger(d) && d >= 0) &&
    Number.isSafeInteger(dims.reduce((n: number, d: number) => n * d, 1))
    ? dims
    : fail(code, `${what}: a tuple of ints >= 0, product < 2**53`, show(tuple));
}
