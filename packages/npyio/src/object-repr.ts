/**
 * Python's `repr()` of the values of an object array (`@npyio/dtype/pickle`), which numpy prints for
 * each element, with a list at the top spelled `list([...])` as numpy's `_object_format` does.
 * What JS cannot tell apart prints one way: a tuple as a list, a frozenset as a set, a float with an
 * integral value as an int, a numpy scalar as its value.
 */
import type { NpyArray, PickleValue } from "@npyio/dtype";
import { formatFloatScalar } from "./float-digits.js";
import { reprBytes, reprStr } from "./python-repr.js";

/** How a nested numpy array is printed (`repr(array)`); passed in, so this module needs no printer. */
export type ArrayRepr = (array: NpyArray) => string;

const isArray = (v: object): v is NpyArray => "dtype" in v && "shape" in v && "data" in v;

/** Python's repr of a float: shortest round-trip digits, `nan`, `inf`. */
function reprFloat(x: number): string {
  return formatFloatScalar(x, 64);
}

/** A JS number as Python wrote it: an int when integral (the pickle's int and float both arrive as numbers). */
function reprNumber(x: number): string {
  if (Number.isInteger(x) && !Object.is(x, -0)) return String(x);
  return reprFloat(x);
}

/** Python's repr of a complex: `(1+2j)`, `-1j`, parts without a trailing `.0`. */
function reprComplex(re: number, im: number): string {
  const part = (x: number) => reprFloat(x).replace(/\.0$/, "");
  const imag = `${part(im)}j`;
  if (re === 0 && !Object.is(re, -0)) return imag;
  const sign = im >= 0 || Number.isNaN(im) ? "+" : "";
  return `(${part(re)}${sign}${imag})`;
}

/** `repr(value)` as Python prints it; containers met again inside themselves print as `[...]`/`{...}`. */
export function reprObject(value: PickleValue, reprArray: ArrayRepr, open: Set<object> = new Set()): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return reprNumber(value);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "string") return reprStr(value);
  if (value instanceof Uint8Array) return reprBytes(value);
  if ("re" in value && "im" in value && typeof value.re === "number") return reprComplex(value.re, value.im);
  if (open.has(value)) return Array.isArray(value) ? "[...]" : "{...}";
  open.add(value);
  try {
    const inner = (v: PickleValue) => reprObject(v, reprArray, open);
    if (Array.isArray(value)) return `[${value.map(inner).join(", ")}]`;
    if (value instanceof Map) return `{${[...value].map(([k, v]) => `${inner(k)}: ${inner(v)}`).join(", ")}}`;
    if (value instanceof Set) return value.size === 0 ? "set()" : `{${[...value].map(inner).join(", ")}}`;
    if (isArray(value)) return reprArray(value);
    if ("global" in value) {
      const args = value.args === undefined ? "" : `(${value.args.map(inner).join(", ")})`;
      return `<${value.global}${args}>`;
    }
    return "<unknown>";
  } finally {
    open.delete(value);
  }
}

/** One element of an object array as numpy prints it inside the array: a list as `list([...])`. */
export function formatObjectElement(value: PickleValue, reprArray: ArrayRepr): string {
  const text = reprObject(value, reprArray);
  return Array.isArray(value) ? `list(${text})` : text;
}
