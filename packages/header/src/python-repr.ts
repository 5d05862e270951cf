import type { PyValue } from "./python-literal.js";

/** Python's `repr` of a str: quote choice and escapes exactly as CPython's `unicode_repr`. */
const reprStr = (s: string): string => {
  const quote = /'/.test(s) && !/"/.test(s) ? '"' : "'";
  // the quote, backslash and what CPython's str.isprintable() rejects: the Other (C*) and Separator (Z*)
  // categories, space aside
  return (
    quote +
    s.replace(RegExp(`(?! )[\\\\${quote}\\p{C}\\p{Z}]`, "gu"), (ch) => {
      const code = ch.codePointAt(0)!;
      const width = code < 256 ? 2 : code < 65536 ? 4 : 8;
      // \t \n \r, the quote and the backslash by name, the rest by code point
      return `\\${"tnr'\"\\"["\t\n\r'\"\\".indexOf(ch)] ?? "xuU"[width >> 2] + code.toString(16).padStart(width, "0")}`;
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
export const reprPython = (value: PyValue): string =>
  typeof value === "string"
    ? reprStr(value)
    : !value || typeof value !== "object"
      ? value === null
        ? "None"
        : value === true
          ? "True"
          : value === false
            ? "False"
            : `${value}`
      : Array.isArray(value)
        ? `[${value.map(reprPython).join(", ")}]`
        : "float" in value
          ? // integral floats keep ".0", as in Python (floats only ever appear in error messages)
            `${value.float}${/[.eI]/.test(`${value.float}`) ? "" : ".0"}`
          : "tuple" in value
            ? `(${value.tuple.map(reprPython).join(", ")}${value.tuple.length === 1 ? "," : ""})`
            : `{${value.dict.map(([k, v]) => `${reprPython(k)}: ${reprPython(v)}`).join(", ")}}`;
