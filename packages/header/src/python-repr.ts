import type { PyValue } from "./python-literal.js";

// CPython's str.isprintable(): everything but the Other (C*) and Separator (Z*) categories, space aside
const UNPRINTABLE = /[\p{C}\p{Z}]/u;

/** Python's `repr` of a str: quote choice and escapes exactly as CPython's `unicode_repr`. */
function reprStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const esc = { "\t": "t", "\n": "n", "\r": "r" }[ch];
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (esc) out += `\\${esc}`;
    else if (code === 0x20 || (code > 0x20 && code !== 0x7f && !UNPRINTABLE.test(ch))) out += ch;
    else {
      const width = code < 0x100 ? 2 : code < 0x10000 ? 4 : 8;
      out += `\\${width === 2 ? "x" : width === 4 ? "u" : "U"}${code.toString(16).padStart(width, "0")}`;
    }
  }
  return out + quote;
}

/**
 * Python's `repr` of a {@link PyValue}, as numpy writes header values: `'<f8'`, `(3,)`, `()`,
 * `(2, 3)`, `[('a', '<i4')]`, `True`, `{'k': 1}`.
 *
 * @example
 * ```ts
 * reprPython({ tuple: [3] }); // "(3,)"
 * reprPython("it's"); // "\"it's\""
 * ```
 */
export function reprPython(value: PyValue): string {
  if (typeof value === "string") return reprStr(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null) return "None";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(reprPython).join(", ")}]`;
  if ("float" in value) {
    // Python's repr for the floats a header can hold: integral ones keep ".0" (used in messages only)
    const f = value.float;
    return Number.isInteger(f) && Math.abs(f) < 1e16 ? f.toFixed(1) : String(f).replace("Infinity", "inf");
  }
  if ("tuple" in value) {
    const items = value.tuple.map(reprPython);
    return `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
  }
  return `{${value.dict.map(([k, v]) => `${reprPython(k)}: ${reprPython(v)}`).join(", ")}}`;
}
