import { describe, expect, it } from "vitest";
import { type NpyErrorCode, parseHeader } from "../src/index.js";
import { bytes, expectNpyError, npy1 } from "./helpers.js";

const dict = (descr: string, fortran: string, shape: string) =>
  `{'descr': ${descr}, 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

describe("parseHeader", () => {
  it("reads numpy's header for np.zeros(3)", () => {
    const file = bytes(`\x93NUMPY\x01\x00\x76\x00${dict("'<f8'", "False", "(3,)").padEnd(117)}\n`);
    expect(parseHeader(file)).toEqual({
      version: "1.0",
      descr: "<f8",
      fortranOrder: false,
      shape: [3],
      dataOffset: 128,
    });
  });

  it("ignores bytes after the header and accepts any key order", () => {
    const file = npy1("{'shape': (), 'descr': '|b1', 'fortran_order': True}\n");
    expect(parseHeader(Uint8Array.from([...file, 1, 2, 3]))).toMatchObject({
      descr: "|b1",
      fortranOrder: true,
      shape: [],
      dataOffset: file.length,
    });
  });

  it("loads legacy 16-byte alignment, a missing newline and odd padding, as numpy does", () => {
    for (const text of [
      `${dict("'<i4'", "False", "(2, 3)")}   \n`, // 16-byte aligned writer
      dict("'<i4'", "False", "(2, 3)"),
      `${dict("'<i4'", "False", "(2, 3)")}\n\n\t  \f`,
      `  ${dict("'<i4'", "False", "(2, 3)")}`,
    ]) {
      expect(parseHeader(npy1(text))).toMatchObject({
        descr: "<i4",
        shape: [2, 3],
        dataOffset: 10 + text.length,
      });
    }
  });

  it("takes the last value of a key written twice, as Python does", () => {
    const text = "{'descr': '<i2', 'shape': (1,), 'fortran_order': False, 'descr': '>f4'}";
    expect(parseHeader(npy1(text))).toMatchObject({ descr: ">f4", shape: [1] });
  });

  it("reads Python 2 headers with L suffixes", () => {
    expect(parseHeader(npy1(dict("'<f8'", "False", "(2L, 3L)"))).shape).toEqual([2, 3]);
  });

  it("reads structured, titled, subarray and nested descrs", () => {
    const descr = "[('a', '<i4'), (('title', 'b'), '>f8', (2, 3)), ('c', [('d', '|u1'), ('e', '<U2', 4)])]";
    expect(parseHeader(npy1(dict(descr, "False", "(5,)"))).descr).toEqual([
      ["a", "<i4"],
      [["title", "b"], ">f8", [2, 3]],
      [
        "c",
        [
          ["d", "|u1"],
          ["e", "<U2", [4]],
        ],
      ],
    ]);
    expect(parseHeader(npy1(dict("('<i4', (2,))", "False", "()"))).descr).toEqual({
      base: "<i4",
      shape: [2],
    });
    expect(parseHeader(npy1(dict("[]", "False", "()"))).descr).toEqual([]);
  });

  it("decodes 1.0/2.0 headers as latin1 and 3.0 headers as UTF-8", () => {
    const latin = Uint8Array.from([...npy1(dict("[('\xe9\x80', '<i4')]", "False", "(1,)"))]);
    expect(parseHeader(latin).descr).toEqual([["\xe9\x80", "<i4"]]);
    const text = new TextEncoder().encode(dict("[('名前😀', '<i4')]", "False", "(1,)"));
    const v3 = Uint8Array.from([0x93, ...bytes("NUMPY"), 3, 0, text.length, 0, 0, 0, ...text]);
    expect(parseHeader(v3)).toMatchObject({ version: "3.0", descr: [["名前😀", "<i4"]] });
  });

  it("counts characters, not bytes, against maxHeaderSize in 3.0", () => {
    const text = new TextEncoder().encode(`${dict(`[('${"é".repeat(30)}', '<i4')]`, "False", "()")}\n`);
    const v3 = Uint8Array.from([0x93, ...bytes("NUMPY"), 3, 0, text.length, 0, 0, 0, ...text]);
    const chars = text.length - 30;
    expect(parseHeader(v3, { maxHeaderSize: chars }).version).toBe("3.0");
    expect(
      expectNpyError(() => parseHeader(v3, { maxHeaderSize: chars - 1 }), "HEADER_TOO_LARGE").message,
    ).toContain(`found ${chars}`);
  });

  it("rejects invalid UTF-8 in a 3.0 header with HEADER_ENCODING", () => {
    const v3 = Uint8Array.from([0x93, ...bytes("NUMPY"), 3, 0, 4, 0, 0, 0, 0x7b, 0xff, 0xfe, 0x7d]);
    expect(expectNpyError(() => parseHeader(v3), "HEADER_ENCODING").offset).toBe(12);
  });

  it("gives HEADER_SYNTAX a byte offset into the file", () => {
    const err = expectNpyError(() => parseHeader(npy1("{'descr': '<f8', 'shape': (3; 4)}")), "HEADER_SYNTAX");
    expect(err.offset).toBe(10 + 28);
    expect(err.message).toContain("at character 28");
  });

  it("counts a 3.0 syntax error's offset in bytes, past multi-byte characters", () => {
    const text = new TextEncoder().encode("{'descr': [('名前', '<i4')] 'x'}");
    const v3 = Uint8Array.from([0x93, ...bytes("NUMPY"), 3, 0, text.length, 0, 0, 0, ...text]);
    const err = expectNpyError(() => parseHeader(v3), "HEADER_SYNTAX");
    expect(err.message).toContain("at character 26");
    expect(err.offset).toBe(12 + 26 + 4); // two 3-byte characters
  });

  // numpy/lib/tests/test_format.py: bad_version_magic and malformed_magic, each read on its own
  it.each<[string, NpyErrorCode]>([
    ["\x93NUMPY\x01\x01", "UNSUPPORTED_VERSION"],
    ["\x93NUMPY\x00\x00", "UNSUPPORTED_VERSION"],
    ["\x93NUMPY\x00\x01", "UNSUPPORTED_VERSION"],
    ["\x93NUMPY\x02\x00", "TRUNCATED"],
    ["\x93NUMPY\x02\x02", "UNSUPPORTED_VERSION"],
    ["\x93NUMPY\xff\xff", "UNSUPPORTED_VERSION"],
    ["\x92NUMPY\x01\x00", "BAD_MAGIC"],
    ["\x00NUMPY\x01\x00", "BAD_MAGIC"],
    ["\x93numpy\x01\x00", "BAD_MAGIC"],
    ["\x93MATLB\x01\x00", "BAD_MAGIC"],
    ["\x93NUMPY\x01", "TRUNCATED"],
    ["\x93NUMPY", "TRUNCATED"],
    ["", "TRUNCATED"],
  ])("rejects numpy's bad magic %j with %s", (magic, code) => {
    expectNpyError(() => parseHeader(bytes(magic)), code);
  });

  // numpy's test_bad_header: short or truncated length fields and headers
  it.each([
    "\x93NUMPY\x01\x00",
    "\x93NUMPY\x01\x001",
    "\x93NUMPY\x01\x00\x01\x00",
    "\x93NUMPY\x02\x00\x01\x00\x00",
    "\x93NUMPY\x01\x00\x76\x00{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
  ])("rejects truncated %j with TRUNCATED at the end of the input", (file) => {
    const err = expectNpyError(() => parseHeader(bytes(file)), "TRUNCATED");
    expect(err.offset).toBe(file.length);
  });

  it("rejects numpy's bad header dicts with HEADER_KEYS listing the keys found", () => {
    // test_bad_header: "{'descr': 'x', 'shape': (1, 2), }" and the one with 'extrakey': -1
    const missing = expectNpyError(
      () =>
        parseHeader(bytes("\x93NUMPY\x01\x006\x00{'descr': 'x', 'shape': (1, 2), }                    \n")),
      "HEADER_KEYS",
    );
    expect(missing.message).toContain("found 'descr', 'shape'");
    const extra = expectNpyError(
      () => parseHeader(npy1("{'descr': 'x', 'extrakey': -1, 'fortran_order': False, 'shape': (1, 2), }")),
      "HEADER_KEYS",
    );
    expect(extra.message).toContain("found 'descr', 'extrakey', 'fortran_order', 'shape'");
    expectNpyError(() => parseHeader(npy1("{}")), "HEADER_KEYS");
    expectNpyError(() => parseHeader(npy1("{'descr': 1, 'fortran_order': 2, 'Shape': 3}")), "HEADER_KEYS");
    expectNpyError(() => parseHeader(npy1("{'descr': 1, 'fortran_order': 2, b: 3}")), "HEADER_SYNTAX");
    expectNpyError(() => parseHeader(npy1("{'descr': 1, 'fortran_order': 2, 3: 3}")), "HEADER_KEYS");
    expect(
      expectNpyError(() => parseHeader(npy1("['descr', 'fortran_order', 'shape']")), "HEADER_SYNTAX").message,
    ).toContain("found ['descr', 'fortran_order', 'shape']");
  });

  it.each([
    ["[3]", "a list"],
    ["3", "an int"],
    ["(3)", "a parenthesised int"],
    ["(-1,)", "a negative dimension"],
    ["(2, 'a')", "a str dimension"],
    ["(True,)", "a bool dimension"],
    ["(None,)", "None"],
    ["(9007199254740992,)", "2**53"],
    ["(4294967296, 4294967296)", "a product beyond 2**53 - 1"],
    ["((2,),)", "a nested tuple"],
  ])("rejects shape %s (%s) with BAD_SHAPE", (shape) => {
    expect(
      expectNpyError(() => parseHeader(npy1(dict("'<f8'", "False", shape))), "BAD_SHAPE").message,
    ).toContain(`found ${shape === "(3)" ? "3" : shape}`);
  });

  it("accepts the largest safe element count, and zero-size arrays", () => {
    expect(parseHeader(npy1(dict("'|u1'", "False", "(9007199254740991,)"))).shape).toEqual([
      9007199254740991,
    ]);
    expect(parseHeader(npy1(dict("'|u1'", "False", "(0, 9007199254740991, 5)"))).shape).toEqual([
      0, 9007199254740991, 5,
    ]);
  });

  it.each(["0", "1", "'False'", "None", "(False,)"])(
    "rejects fortran_order %s with BAD_FORTRAN_ORDER",
    (value) => {
      expectNpyError(() => parseHeader(npy1(dict("'<f8'", value, "(3,)"))), "BAD_FORTRAN_ORDER");
    },
  );

  it.each([
    "3",
    "None",
    "('<f8',)",
    "('<f8', 2, 3)",
    "[('a',)]",
    "[('a', '<f8', (2,), 1)]",
    "[['a', '<f8']]",
    "[(1, '<f8')]",
    "[(('t', 'n', 'x'), '<f8')]",
    "[(('t', 1), '<f8')]",
    "[('a', 3)]",
    "[('a', '<f8', (-1,))]",
    "[('a', '<f8', 'x')]",
    "('<f8', [2])",
    "{'a': '<f8'}",
  ])("rejects descr %s with BAD_DESCR", (descr) => {
    expectNpyError(() => parseHeader(npy1(dict(descr, "False", "(3,)"))), "BAD_DESCR");
  });

  it("accepts an int subarray shape as numpy.dtype does", () => {
    expect(parseHeader(npy1(dict("[('a', '<f8', 2)]", "False", "(3,)"))).descr).toEqual([["a", "<f8", [2]]]);
  });

  it("rejects a non-Uint8Array with INVALID_ARGUMENT", () => {
    expectNpyError(() => parseHeader([1, 2] as unknown as Uint8Array), "INVALID_ARGUMENT");
  });
});
