import type { PyValue } from "./python-literal.js";

// CPython's str.isprintable(): everything but the Other (C*) and Separator (Z*) categories, space aside
const UNPRINTABLE = /(?! )[\p{C}\p{Z}]/u;
const ESCAPES: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Python's `repr` of a str: quote choice and escapes exactly as CPython's `unicode_repr`. */
function reprStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const width = code < 256 ? 2 : code < 65536 ? 4 : 8;
    out +=
      ch === quote || ch === "\\"
        ? `\\${ch}`
        : (ESCAPES[ch] ??
          (UNPRINTABLE.test(ch) ? `\\${"xuU"[width >> 2]}${code.toString(16).padStart(width, "0")}` : ch));
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
  if (value === null) return "None";
  if (typeof value !== "object") return value === true ? "True" : value === false ? "False" : String(value);
  if (Array.isArray(value)) return `[${value.map(reprPython).join(", ")}]`;
  if ("float" in value) {
    // integral floats keep ".0", as in Python (floats only ever appear in error messages)
    const s = String(value.float);
    return /[.eI]/.test(s) ? s : `${s}.0`;
  }
  if ("tuple" in value) {
    const items = value.tuple.map(reprPython);
    return `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
  }
  return `{${value.dict.map(([k, v]) => `${reprPython(k)}: ${reprPython(v)}`).join(", ")}}`;
}
