import { NpyError } from "./npy-error.js";

/**
 * A Python value as a .npy header spells it. Lists are JS arrays; tuples and dicts are tagged objects
 * so the difference survives (numpy needs `shape` to be a tuple). Ints are numbers when they are safe
 * integers and bigints otherwise.
 */
export type PyValue = string | number | bigint | boolean | null | PyValue[] | PyTuple | PyDict | PyFloat;
/** A Python tuple. */
export interface PyTuple {
  tuple: PyValue[];
}
/** A Python float; never valid in a header, parsed so a float dimension is reported as BAD_SHAPE. */
export interface PyFloat {
  float: number;
}
/** A Python dict, entries in source order (a repeated key keeps its first place and last value, as Python does). */
export interface PyDict {
  dict: [key: PyValue, value: PyValue][];
}

// Python's own parser gives up at 200 nested brackets; the limit also keeps hostile input off the JS stack.
const MAX_DEPTH = 200;
const SPACE = /(?:[ \t\f\r\n]|#[^\n]*)*/y;
const NUMBER = /([+-]?)[ \t\f]*(\d[\d_]*(\.[\d_]*)?|(\.)\d[\d_]*)([eE][+-]?\d+)?(L?)(?![\w.])/y;
const NAME = /(True|False|None)(?!\w)/y;
const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "\n": "",
};

/**
 * Parses the Python-literal subset .npy headers use: dicts, tuples (`(3,)`, `()`), lists, str in
 * either quote style with every escape `repr` emits, ints (with Python 2's `L` suffix), True, False,
 * None (and floats, so they can be reported). Nothing is evaluated. Errors are `HEADER_SYNTAX` with the character offset and a snippet.
 *
 * @example
 * ```ts
 * parsePythonLiteral("{'shape': (3,), 'fortran_order': False}");
 * // { dict: [["shape", { tuple: [3] }], ["fortran_order", false]] }
 * ```
 */
export function parsePythonLiteral(text: string): PyValue {
  let i = 0;
  const fail = (expected: string, at = i): never => {
    const near = text.slice(Math.max(0, at - 20), at + 20);
    throw new NpyError(
      "HEADER_SYNTAX",
      `header is not a valid Python literal: expected ${expected} at character ${at}, found ${
        at < text.length ? JSON.stringify(text.slice(at, at + 10)) : "the end"
      } (near ${JSON.stringify(near)}); the file is corrupt or was not written by numpy`,
      { offset: at },
    );
  };
  const match = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m) i = re.lastIndex;
    return m;
  };
  const skip = () => match(SPACE);

  const parseString = (): string => {
    const quote = text[i++];
    let out = "";
    for (;;) {
      const ch = text[i++];
      if (ch === quote) return out;
      if (ch === undefined || ch === "\n" || ch === "\r" || ch === "\0") fail(`closing ${quote}`, i - 1);
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const e = text[i++] ?? fail("an escape", i - 1);
      const hex = { x: 2, u: 4, U: 8 }[e];
      if (ESCAPES[e] !== undefined) out += ESCAPES[e];
      else if (hex) {
        const digits = text.slice(i, i + hex);
        const code = /^[\da-fA-F]+$/.test(digits) && digits.length === hex ? Number.parseInt(digits, 16) : -1;
        if (code < 0 || code > 0x10ffff) fail(`${hex} hex digits of a \\${e} escape`);
        out += String.fromCodePoint(code);
        i += hex;
      } else if (/[0-7]/.test(e)) {
        const digits = /^[0-7]{1,3}/.exec(text.slice(i - 1, i + 2))![0];
        out += String.fromCodePoint(Number.parseInt(digits, 8));
        i += digits.length - 1;
      } else if (e === "N") fail("an escape other than \\N{...} (named characters are not supported)", i - 2);
      else out += `\\${e}`; // Python keeps unknown escapes as written
    }
  };

  const parseValue = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail(`at most ${MAX_DEPTH} nested brackets`);
    skip();
    const open = text[i];
    const close = { "{": "}", "[": "]", "(": ")" }[open ?? ""];
    if (close) {
      i++;
      const items: PyValue[] = [];
      let comma = false;
      for (;;) {
        skip();
        if (text[i] === close) break;
        if (items.length && !comma) fail(`"," or "${close}"`);
        items.push(parseValue(depth + 1));
        if (open === "{") {
          skip();
          if (text[i++] !== ":") fail('":"', i - 1);
          items.push(parseValue(depth + 1));
        }
        skip();
        comma = text[i] === ",";
        if (comma) i++;
      }
      i++;
      if (open === "[") return items;
      if (open === "(") return items.length === 1 && !comma ? items[0]! : { tuple: items };
      const dict: PyDict = { dict: [] };
      for (let k = 0; k < items.length; k += 2) {
        const key = items[k]!;
        if (typeof key === "object" && key !== null && !("tuple" in key)) fail("a hashable dict key");
        const same = dict.dict.find(([other]) => other === key);
        if (same) same[1] = items[k + 1]!;
        else dict.dict.push([key, items[k + 1]!]);
      }
      return dict;
    }
    if (/[uU]?['"]/y.test(text.slice(i, i + 2))) {
      if (open === "u" || open === "U") i++;
      return parseString();
    }
    const num = match(NUMBER);
    if (num) {
      const [text, sign, digits, fraction, dot, exponent, suffix] = num;
      if (fraction || dot || exponent) {
        if (suffix) fail("a float without an L suffix", i - 1);
        return { float: Number(text.replace(/[\s_]/g, "")) };
      }
      // Python 3 rejects leading zeros in a non-zero decimal int
      if (/^0+[1-9]/.test(digits!)) fail("an int without leading zeros", i - digits!.length - suffix!.length);
      const big = BigInt(sign + digits!.replaceAll("_", ""));
      return Number.isSafeInteger(Number(big)) ? Number(big) : big;
    }
    const name = match(NAME);
    if (name) return name[1] === "None" ? null : name[1] === "True";
    return fail("a value (dict, tuple, list, str, int, float, True, False or None)");
  };

  const value = parseValue(0);
  skip();
  if (i < text.length) fail("the end of the header");
  return value;
}
