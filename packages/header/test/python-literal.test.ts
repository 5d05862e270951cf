import { describe, expect, it } from "vitest";
import { isNpyError, parsePythonLiteral } from "../src/index.js";

const syntaxError = (text: string) => {
  try {
    parsePythonLiteral(text);
  } catch (err) {
    if (isNpyError(err, "HEADER_SYNTAX")) return err;
    throw err;
  }
  throw new Error(`parsed ${JSON.stringify(text)} without error`);
};

describe("parsePythonLiteral", () => {
  it("parses a numpy header dict", () => {
    expect(parsePythonLiteral("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }   \n")).toEqual({
      dict: [
        ["descr", "<f8"],
        ["fortran_order", false],
        ["shape", { tuple: [3, 4] }],
      ],
    });
  });

  it("tells tuples, parenthesised values and lists apart", () => {
    expect(parsePythonLiteral("(3,)")).toEqual({ tuple: [3] });
    expect(parsePythonLiteral("()")).toEqual({ tuple: [] });
    expect(parsePythonLiteral("( )")).toEqual({ tuple: [] });
    expect(parsePythonLiteral("(3)")).toBe(3);
    expect(parsePythonLiteral("((3))")).toBe(3);
    expect(parsePythonLiteral("[3]")).toEqual([3]);
    expect(parsePythonLiteral("[1, 2,]")).toEqual([1, 2]);
    expect(parsePythonLiteral("[]")).toEqual([]);
    expect(parsePythonLiteral("[('a', '<i4', (2,))]")).toEqual([{ tuple: ["a", "<i4", { tuple: [2] }] }]);
  });

  it("reads ints with signs, underscores, Python 2's L suffix and beyond 2**53 as bigint", () => {
    expect(parsePythonLiteral("(3L, 4L)")).toEqual({ tuple: [3, 4] });
    expect(parsePythonLiteral("-0")).toBe(0);
    expect(Object.is(parsePythonLiteral("-0"), 0)).toBe(true);
    expect(parsePythonLiteral("- 3")).toBe(-3);
    expect(parsePythonLiteral("+3")).toBe(3);
    expect(parsePythonLiteral("1_000")).toBe(1000);
    expect(parsePythonLiteral("00")).toBe(0);
    expect(parsePythonLiteral("9007199254740991")).toBe(9007199254740991);
    expect(parsePythonLiteral("9007199254740992")).toBe(9007199254740992n);
    expect(parsePythonLiteral("-123456789012345678901234567890")).toBe(-123456789012345678901234567890n);
  });

  it("reads floats, so a float dimension can be reported as such", () => {
    expect(parsePythonLiteral("(3.0, .5, 1., -2e3, 1_0.5E-1)")).toEqual({
      tuple: [{ float: 3 }, { float: 0.5 }, { float: 1 }, { float: -2000 }, { float: 1.05 }],
    });
  });

  it("reads True, False, None", () => {
    expect(parsePythonLiteral("[True, False, None]")).toEqual([true, false, null]);
  });

  it("reads strings in both quote styles with every escape repr emits", () => {
    expect(parsePythonLiteral(`"it's"`)).toBe("it's");
    expect(parsePythonLiteral(`'say "hi"'`)).toBe('say "hi"');
    expect(parsePythonLiteral(`'\\'\\"\\\\'`)).toBe(`'"\\`);
    expect(parsePythonLiteral(`'\\n\\r\\t\\a\\b\\f\\v'`)).toBe("\n\r\t\x07\b\f\v");
    expect(parsePythonLiteral(`'\\x00\\x7f\\xe9'`)).toBe("\x00\x7f\xe9");
    expect(parsePythonLiteral(`'\\u00e9\\u2028\\ud800'`)).toBe("\u00e9\u2028\ud800");
    expect(parsePythonLiteral(`'\\U0001f600\\U000e0001'`)).toBe("\u{1f600}\u{e0001}");
    expect(parsePythonLiteral(`'\\101\\0\\7'`)).toBe("A\0\x07");
    expect(parsePythonLiteral(`u'caf\\xe9'`)).toBe("café");
    expect(parsePythonLiteral(`'\\q'`)).toBe("\\q");
    expect(parsePythonLiteral(`'a\\\nb'`)).toBe("ab");
    expect(parsePythonLiteral(`'名前'`)).toBe("名前");
  });

  it("keeps every entry of a dict as written, a repeated key too", () => {
    expect(parsePythonLiteral("{'a': 1, (2,): [], 'a': 3}")).toEqual({
      dict: [
        ["a", 1],
        [{ tuple: [2] }, []],
        ["a", 3],
      ],
    });
  });

  it("allows whitespace, newlines and comments between tokens", () => {
    expect(parsePythonLiteral("\n\t{ 'a' :\n (1 ,\n) , } # comment\n")).toEqual({
      dict: [["a", { tuple: [1] }]],
    });
  });

  it.each([
    ["", "a value"],
    ["{", "a value"],
    ["{'a' 1}", '":"'],
    ["{'a': 1 'b': 2}", '"," or "}"'],
    ["[1 2]", '"," or "]"'],
    ["(,)", "a value"],
    ["[,]", "a value"],
    ["'abc", "a closed str"],
    ["'a\nb'", "a closed str"],
    ["'a\0'", "a closed str"],
    ["01", "an int without leading zeros"],
    ["1.5L", "a float without L"],
    [".", "a value"],
    ["1.2.3", "a value"],
    ["0x10", "a value"],
    ["true", "a value"],
    ["Truex", "a value"],
    ["__import__('os')", "a value"],
    ["(1,)\0", "the end of the header"],
    ["{} {}", "the end of the header"],
    ["'\\x4'", "a supported \\x escape"],
    ["'\\u12g4'", "a supported \\u escape"],
    ["'\\U00110000'", "a code point up to \\U0010ffff"],
    ["'\\N{DIGIT ONE}'", "a supported \\N escape"],
    ["'\\", "a closed str"],
  ])("rejects %j with HEADER_SYNTAX expecting %s", (text, expected) => {
    const err = syntaxError(text);
    expect(err.message).toContain(expected);
    expect(err.offset).toBeGreaterThanOrEqual(0);
    expect(err.offset).toBeLessThanOrEqual(text.length);
  });

  it("reports the character offset and a snippet", () => {
    const err = syntaxError("{'descr': '<f8', 'shape': (3; 4)}");
    expect(err.offset).toBe(28);
    expect(err.message).toContain("at character 28");
    expect(err.message).toContain('expected "," or ")" at character 28, found "; 4)}"');
  });

  it("refuses nesting deeper than 200 brackets instead of overflowing the stack", () => {
    expect(parsePythonLiteral(`${"[".repeat(200)}${"]".repeat(200)}`)).toBeInstanceOf(Array);
    const err = syntaxError(`${"(".repeat(100_000)}${")".repeat(100_000)}`);
    expect(err.message).toContain("at most 200 nested brackets");
  });
});
