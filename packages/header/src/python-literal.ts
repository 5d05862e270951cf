import { fail } from "./npy-error.js";

/**
 * A Python value as a .npy header spells it. Lists are JS arrays; tuples, dicts and floats are tagged
 * objects so the difference survives (numpy needs `shape` to be a tuple). Ints are numbers when they
 * are safe integers and bigints otherwise.
 *
 * @example
 * ```ts
 * parsePythonLiteral("{'shape': (3,), 'n': 7}");
 * // { dict: [["shape", { tuple: [3] }], ["n", 7]] }
 * ```
 */
export type PyValue = string | number | bigint | boolean | null | PyValue[] | PyTuple | PyDict | PyFloat;
/**
 * A Python tuple.
 *
 * @example
 * ```ts
 * parsePythonLiteral("(2, 3)"); // { tuple: [2, 3] }
 * reprPython({ tuple: [3] }); // "(3,)"
 * ```
 */
export interface PyTuple {
  tuple: PyValue[];
}
/**
 * A Python dict: its entries as written (a key written twice appears twice; Python keeps the last value).
 *
 * @example
 * ```ts
 * parsePythonLiteral("{'a': 1}"); // { dict: [["a", 1]] }
 * ```
 */
export interface PyDict {
  dict: [key: PyValue, value: PyValue][];
}
/** A Python float; never valid in a header, parsed so a float dimension is reported as BAD_SHAPE. */
export interface PyFloat {
  float: number;
}

/**
 * Parses the Python-literal subset .npy headers use: dicts, tuples (`(3,)`, `()`), lists, str in
 * either quote style with every escape `repr` emits, ints (with Python 2's `L` suffix), True, False,
 * None (and floats, so they can be reported). Nothing is evaluated. Errors are `HEADER_SYNTAX` with
 * the character offset and a snippet.
 *
 * @example
 * ```ts
 * parsePythonLiteral("{'shape': (3,), 'fortran_order': False}");
 * // { dict: [["shape", { tuple: [3] }], ["fortran_order", false]] }
 * ```
 */
export function parsePythonLiteral(text: string): PyValue {
  // Whitespace and comments, then one token: str (u prefix, either quote, no raw newline or NUL) | int or
  // float (L suffix) | name | punctuation or an unclosed quote | nothing (the end, or a character no token
  // starts with). Group 1 is the token, so it always matches. A fresh regex per call starts at 0.
  const TOKEN =
    /(?:[ \t\f\r\n]|#.*)*([uU]?(['"])((?:\\[\s\S]|[^\\\n\r\0])*?)\2|([+-]?[ \t\f]*(?=\.?\d)[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?L?)(?![\w.])|(True|False|None)\b|([{}[\](),:]|[uU]?['"])?)/y;

  let at = 0;
  let token!: RegExpExecArray;
  const error = (expected: string): never =>
    fail("HEADER_SYNTAX", `${expected} at character ${at}`, JSON.stringify(text.slice(at, at + 20)), at);
  /** Moves to the next token (`at` is where it starts) and returns true. */
  const next = () => {
    token = TOKEN.exec(text)!;
    at = TOKEN.lastIndex - token[1]!.length;
    return true;
  };
  /** True, consuming it, if the current token is the punctuation `p`. */
  const eat = (p: string) => token[6] === p && next();
  const value = (depth: number): PyValue => {
    // Python's own parser gives up at 200 nested brackets; the limit also keeps hostile input off the JS stack
    if (depth > 200) error("at most 200 nested brackets");
    const [, , , s, n, name, p] = token;
    const digits = n?.replace(/[\s_L]/g, "") as string;
    // undefined when p is not an opening bracket (indexOf(undefined) looks for "undefined")
    const close = "}])"["{[(".indexOf(p!)];
    const v =
      s != null
        ? s.replace(/\\([0-7]{1,3}|x\w{2}|u\w{4}|U\w{8}|[\s\S])/g, (m, e: string) => {
            // \a \b \t \n \v \f \r are code points 7 to 13; other escapes give NaN, as do bad hex digits
            const named = "abtnvfr".indexOf(e);
            const code = named < 0 ? +(e < "8" && e > "/" ? `0o${e}` : `0x${e.slice(1)}`) : named + 7;
            // Python keeps unknown escapes as written; named (\N{...}) and short hex escapes are errors
            return code > 0x10ffff
              ? error("a code point up to \\U0010ffff")
              : code >= 0
                ? String.fromCodePoint(code)
                : "\\'\"\n".includes(e)
                  ? e.trim() // a backslash-newline continues the line
                  : /[xuUN]/.test(e)
                    ? error(`a supported \\${e[0]} escape`)
                    : m;
          })
        : name
          ? name === "None"
            ? null
            : name === "True"
          : n
            ? /[.eE]/.test(n)
              ? /L/.test(n)
                ? error("a float without L")
                : { float: +digits }
              : // Python 3 rejects leading zeros in a non-zero int; -0 is plain 0
                /^\D?0+[1-9]/.test(digits)
                ? error("an int without leading zeros")
                : Number.isSafeInteger(+digits)
                  ? +digits || 0
                  : BigInt(digits)
            : (close ?? error(/['"]/.test(p!) ? "a closed str" : "a value"));
    next();
    if (!close) return v;
    const items: PyValue[] = [];
    let comma = true;
    while (!eat(close)) {
      if (!comma) error(`"," or "${close}"`);
      const item = value(depth + 1);
      items.push(p === "{" ? ([item, eat(":") ? value(depth + 1) : error('":"')] as never) : item);
      comma = eat(",");
    }
    return p === "["
      ? items
      : p === "{"
        ? { dict: items as never }
        : items.length === 1 && !comma
          ? items[0]!
          : { tuple: items };
  };

  next();
  const result = value(0);
  // a token left over starts before the end too
  if (at < text.length) error("the end of the header");
  return result;
}
