/** FixedStrings: U and S arrays kept as numpy's fixed-width bytes, read and written per item. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { concatData, type Descr, decode, encode, FixedStrings, parseDescr, sliceData } from "../src/index.js";
import { npyErrorOf } from "./npy-error-of.js";

const fixed = (descr: string, items: string[]) => {
  const dtype = parseDescr(descr);
  return decode(dtype, encode(dtype, items), { strings: "fixed" }) as FixedStrings;
};

describe("FixedStrings", () => {
  it("reads items on access, as numpy's .item() does (trailing NULs stripped, interior kept)", () => {
    const s = fixed("<U4", ["ab", "", "a\0b", "wxyz"]);
    expect(s.length).toBe(4);
    expect([s.at(0), s.at(1), s.at(2), s.at(3), s.at(-1), s.at(4), s.at(-5)]).toEqual([
      "ab",
      "",
      "a\0b",
      "wxyz",
      "wxyz",
      undefined,
      undefined,
    ]);
    expect([...s]).toEqual(["ab", "", "a\0b", "wxyz"]);
    expect(JSON.stringify(s)).toBe('["ab","","a\\u0000b","wxyz"]');
  });

  it("reads big-endian U, astral characters and latin1 S", () => {
    expect(fixed(">U3", ["𝄞x", "é"]).toArray()).toEqual(["𝄞x", "é"]);
    expect(fixed("|S3", ["\xff\x80", "ab"]).toArray()).toEqual(["\xff\x80", "ab"]);
  });

  it("set encodes into the shared bytes; too long is LOSSY_CAST and leaves the bytes alone", () => {
    const s = fixed(">U3", ["abc", "de"]);
    const sub = s.subarray(1);
    sub.set(0, "𝄞");
    expect(s.toArray()).toEqual(["abc", "𝄞"]);
    const before = s.bytes.slice();
    expect(npyErrorOf(() => s.set(0, "abcd")).code).toBe("LOSSY_CAST");
    expect(npyErrorOf(() => s.set(2, "a")).code).toBe("INVALID_ARGUMENT");
    expect(npyErrorOf(() => fixed("|S2", ["a"]).set(0, "€")).code).toBe("BAD_DATA");
    expect(s.bytes).toEqual(before);
  });

  it("subarray is relative and clamped like TypedArray.subarray, and shares the bytes", () => {
    const s = fixed("<U2", ["a", "b", "c", "d"]);
    expect(s.subarray(1, 3).toArray()).toEqual(["b", "c"]);
    expect(s.subarray(-2).toArray()).toEqual(["c", "d"]);
    expect(s.subarray(3, 1).length).toBe(0);
    expect(s.subarray(-10, 10).length).toBe(4);
    expect(s.subarray(2).bytes.buffer).toBe(s.bytes.buffer);
  });

  it("slices, joins and re-encodes through the dtype functions", () => {
    const dtype = parseDescr("<U2");
    const s = fixed("<U2", ["a", "b", "c"]);
    const sliced = sliceData(dtype, s, 1, 3);
    expect(sliced).toBeInstanceOf(FixedStrings);
    const joined = concatData(dtype, [s, sliced]);
    expect(joined).toBeInstanceOf(FixedStrings);
    expect((joined as FixedStrings).toArray()).toEqual(["a", "b", "c", "b", "c"]);
    expect(concatData(dtype, [s, ["z"]])).toEqual(["a", "b", "c", "z"]);
    // same descr: its bytes as they are; another width or order: re-encoded
    expect(encode(dtype, s)).toBe(s.bytes);
    expect(encode(parseDescr(">U3"), s)).toEqual(encode(parseDescr(">U3"), ["a", "b", "c"]));
  });

  it("copy gives bytes of its own; zero-width items need the count", () => {
    const dtype = parseDescr("|S2");
    const bytes = encode(dtype, ["ab"]);
    const own = decode(dtype, bytes, { strings: "fixed", copy: true }) as FixedStrings;
    bytes[0] = 0x7a;
    expect(own.at(0)).toBe("ab");
    const empty = decode(parseDescr("<U0"), new Uint8Array(0), {
      strings: "fixed",
      count: 3,
    }) as FixedStrings;
    expect(empty.toArray()).toEqual(["", "", ""]);
  });

  it("refuses other dtypes and partial items with NpyErrors", () => {
    expect(npyErrorOf(() => new FixedStrings(parseDescr("<f4"), new Uint8Array(4))).code).toBe(
      "INVALID_ARGUMENT",
    );
    expect(npyErrorOf(() => new FixedStrings(parseDescr("<U2"), new Uint8Array(7))).code).toBe("BAD_DATA");
    expect(npyErrorOf(() => new FixedStrings(parseDescr("<U1"), new Uint8Array(8), 3)).code).toBe("BAD_DATA");
  });

  it("struct fields of U and S come back as FixedStrings too", () => {
    const dtype = parseDescr([
      ["name", "<U3"],
      ["code", "|S2"],
      ["x", "<f4"],
    ] as Descr);
    const record = { name: ["ab", "c"], code: ["x", "yz"], x: new Float32Array([1, 2]) };
    const bytes = encode(dtype, record);
    const out = decode(dtype, bytes, { strings: "fixed" }) as Record<string, unknown>;
    expect(out.name).toBeInstanceOf(FixedStrings);
    expect((out.code as FixedStrings).toArray()).toEqual(["x", "yz"]);
    expect(encode(dtype, out as typeof record)).toEqual(bytes);
  });

  it("numpy's string fixtures: every item read by at() equals numpy's value", () => {
    const strings = Object.entries(expected.npy).filter(
      ([, f]) => typeof f.descr === "string" && /^[<>|=][US]\d/.test(f.descr) && f.values !== undefined,
    );
    expect(strings.length).toBeGreaterThanOrEqual(5);
    for (const [path, f] of strings) {
      const dtype = parseDescr(f.descr as Descr);
      const s = decode(dtype, readFixture(path).subarray(f.dataOffset), { strings: "fixed" }) as FixedStrings;
      const flat = (f.values as unknown[]).flat(8);
      expect(Array.from({ length: s.length }, (_, i) => s.at(i))).toEqual(flat);
    }
  });

  it("property: string[] and FixedStrings agree item by item, and set round-trips", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 20 }),
        fc.constantFrom("<U8", ">U8"),
        text,
        (items, descr, value) => {
          const dtype = parseDescr(descr);
          const s = decode(dtype, encode(dtype, items), { strings: "fixed" }) as FixedStrings;
          const plain = decode(dtype, encode(dtype, items)) as string[];
          expect(s.toArray()).toEqual(plain);
          if (items.length > 0 && [...value].length <= 8) {
            s.set(0, value);
            expect(s.at(0)).toBe(decode(dtype, encode(dtype, [value]))[0]);
          }
        },
      ),
    );
  });
});
