import type { PyValue } from "./python-literal.js";

/** Python's `repr` of a str: quote choice and escapes exactly as CPython's `unicode_repr`. */
const reprStr = (s: string): string => {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  // the quote, backslash and what CPython's str.isprintable() rejects: the Other (C*) and Separator (Z*)
  // categories, space aside
  return (
    quote +
    s.replace(RegExp(`(?! )[\\\\${quote}\\p{C}\\p{Z}]`, "gu"), (ch) => {
      const code = ch.codePointAt(0)!;
      const width = code < 256 ? 2 : code < 65536 ? 4 : 8;
      return `\\${"\\'\"".includes(ch) ? ch : ("tnr"["\t\n\r".indexOf(ch)] ?? "xuU"[width >> 2] + code.toString(16).padStart(width, "0"))}`;
    }) +
    quote
  );
};

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
  if (!value || typeof value !== "object")
    return (
      ({ true: "True", false: "False", null: "None" } as Record<string, string>)[`${value}`] ?? `${value}`
    );
  if (Array.isArray(value)) return `[${value.map(reprPython).join(", ")}]`;
  if ("float" in value) {
    // integral floats keep ".0", as in Python (floats only ever appear in error messages)
    const s = `${value.float}`;
    return /[.eI]/.test(s) ? s : `${s}.0`;
  }
  if ("tuple" in value) {
    const items = value.tuple.map(reprPython);
    return `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
  }
  return `{${value.dict.map(([k, v]) => `${reprPython(k)}: ${reprPython(v)}`).join(", ")}}`;
}
