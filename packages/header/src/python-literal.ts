import { CORRUPT, fail } from "./npy-error.js";

/**
 * A Python value as a .npy header spells it. Lists are JS arrays; tuples, dicts and floats are tagged
 * objects so the difference survives (numpy needs `shape` to be a tuple). Ints are numbers when they
 * are safe integers and bigints otherwise.
 */
export type PyValue = string | number | bigint | boolean | null | PyValue[] | PyTuple | PyDict | PyFloat;
/** A Python tuple. */
export interface PyTuple {
  tuple: PyValue[];
}
/** A Python dict: its entries as written (a key written twice appears twice; Python keeps the last value). */
export interface PyDict {
  dict: [key: PyValue, value: PyValue][];
}
/** A Python float; never valid in a header, parsed so a float dimension is reported as BAD_SHAPE. */
export interface PyFloat {
  float: number;
}

// Python's own parser gives up at 200 nested brackets; the limit also keeps hostile input off the JS stack.
const MAX_DEPTH = 200;
const SPACE = /(?:[ \t\f\r\n]|#.*)*/y;
// punctuation | str (u prefix, either quote, no raw newline or NUL) | int or float (L suffix) | name | end
const TOKEN =
  /([{}[\](),:])|[uU]?(['"])((?:\\[\s\S]|[^\\\n\r\0])*?)\2|([+-]?[ \t\f]*(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?L?)(?![\w.])|(True|False|None)(?!\w)|$/y;
const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\n": "",
};
const CLOSE: Record<string, string> = { "{": "}", "[": "]", "(": ")" };

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
  let pos = 0;
  let at = 0;
  const error = (expected: string): never =>
    fail(
      "HEADER_SYNTAX",
      `${expected} at character ${at}`,
      at < text.length ? JSON.stringify(text.slice(at, at + 20)) : "the end",
      `the header is not a Python literal; ${CORRUPT}`,
      at,
    );
  /** Reads the next token; `pos` moves past it only if it matched. */
  const lex = () => {
    SPACE.lastIndex = pos;
    SPACE.test(text);
    at = TOKEN.lastIndex = SPACE.lastIndex;
    const token = TOKEN.exec(text);
    if (token) pos = TOKEN.lastIndex;
    return token;
  };
  /** True, consuming it, if the next token is the punctuation `p`. */
  const eat = (p: string) => {
    const before = pos;
    if (lex()?.[1] === p) return true;
    pos = before;
    return false;
  };
  const unescapeStr = (s: string) =>
    s.replace(/\\(x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (m, e: string) => {
      if (e.length > 1 || (e >= "0" && e < "8")) {
        const code = Number.parseInt(e < "8" ? e : e.slice(1), e < "8" ? 8 : 16);
        return code > 0x10ffff ? error("a code point up to \\U0010ffff") : String.fromCodePoint(code);
      }
      // Python keeps unknown escapes as written; named (\N{...}) and short hex escapes are errors
      return "\\'\"".includes(e)
        ? e
        : (ESCAPES[e] ?? (/[xuUN]/.test(e) ? error(`a supported \\${e} escape`) : m));
    });

  const value = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) error(`at most ${MAX_DEPTH} nested brackets`);
    const [, p = "", , s, n, name] =
      lex() ?? error(/^[uU]?['"]/.test(text.slice(at, at + 2)) ? "a closed str" : "a value");
    if (s !== undefined) return unescapeStr(s);
    if (name) return name === "None" ? null : name === "True";
    if (n) {
      const digits = n.replace(/[\s_L]/g, "");
      if (/[.eE]/.test(n)) return n.endsWith("L") ? error("a float without L") : { float: Number(digits) };
      // Python 3 rejects leading zeros in a non-zero int
      if (/^\D?0+[1-9]/.test(digits)) error("an int without leading zeros");
      const int = Number(digits);
      return Number.isSafeInteger(int) ? int || 0 : BigInt(digits); // -0 is plain 0 in Python
    }
    const close = CLOSE[p] ?? error("a value");
    const items: PyValue[] = [];
    let comma = true;
    while (!eat(close)) {
      if (!comma) error(`"," or "${close}"`);
      items.push(value(depth + 1));
      if (p === "{") {
        if (!eat(":")) error('":"');
        items.push(value(depth + 1));
      }
      comma = eat(",");
    }
    if (p === "[") return items;
    if (p === "(") return items.length === 1 && !comma ? items[0]! : { tuple: items };
    const dict: PyDict = { dict: [] };
    for (let k = 0; k < items.length; k += 2) dict.dict.push([items[k]!, items[k + 1]!]);
    return dict;
  };

  const result = value(0);
  if (lex()?.[0] !== "") error("the end of the header");
  return result;
}
