import { type NpyErrorCode, parseHeader, serializeHeader } from "@npyio/header";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { type Descr, decode, encode, parseDescr } from "../src/index.js";
import { npyErrorOf } from "./npy-error-of.js";

describe("parseDescr: simple type strings", () => {
  it.each([
    ["<f8", { kind: "f", itemsize: 8, byteOrder: "<", alignment: 8, descr: "<f8" }],
    [">i2", { kind: "i", itemsize: 2, byteOrder: ">", alignment: 2, descr: ">i2" }],
    ["|b1", { kind: "b", itemsize: 1, byteOrder: "|", alignment: 1, descr: "|b1" }],
    ["<c16", { kind: "c", itemsize: 16, byteOrder: "<", alignment: 8, descr: "<c16" }],
    ["|S5", { kind: "S", itemsize: 5, byteOrder: "|", alignment: 1, descr: "|S5" }],
    [">U3", { kind: "U", itemsize: 12, byteOrder: ">", alignment: 4, descr: ">U3" }],
    ["|V16", { kind: "V", itemsize: 16, byteOrder: "|", alignment: 1, descr: "|V16" }],
    ["<M8[ns]", { kind: "M", itemsize: 8, unit: "ns", multiplier: 1, descr: "<M8[ns]" }],
    [">m8[s]", { kind: "m", byteOrder: ">", unit: "s", multiplier: 1, descr: ">m8[s]" }],
    ["<M8[25s]", { kind: "M", unit: "s", multiplier: 25, descr: "<M8[25s]" }],
    ["<M8", { kind: "M", unit: "generic", multiplier: 1, descr: "<M8" }],
  ])("%s", (descr, want) => {
    expect(parseDescr(descr)).toMatchObject(want);
  });

  // numpy's dtype(...).descr spelling, which a rewritten header must use
  it.each([
    ["<u1", "|u1"],
    [">b1", "|b1"],
    ["<S3", "|S3"],
    ["=f8", "<f8"],
    ["|i4", "<i4"],
    ["f4", "<f4"],
    ["=U2", "<U2"],
    ["<M8[1s]", "<M8[s]"],
  ])("spells %s as numpy does: %s", (input, canonical) => {
    expect(parseDescr(input).descr).toBe(canonical);
  });
});

describe("parseDescr: structs and subarrays", () => {
  it("lays out fields sequentially; unnamed void fields are padding", () => {
    const dt = parseDescr([
      ["a", "|u1"],
      ["", "|V3"],
      ["b", "<i4"],
      ["c", ">f8", [2, 3]],
    ]);
    expect(dt.kind).toBe("struct");
    expect(dt.itemsize).toBe(1 + 3 + 4 + 48);
    expect(dt.fields.map((f) => [f.name, f.offset, f.dtype.descr, f.shape])).toEqual([
      ["a", 0, "|u1", []],
      ["b", 4, "<i4", []],
      ["c", 8, ">f8", [2, 3]],
    ]);
    expect(dt.descr).toEqual([
      ["a", "|u1"],
      ["", "|V3"],
      ["b", "<i4"],
      ["c", ">f8", [2, 3]],
    ]);
  });

  it("keeps titles, nests structs, merges nested subarray shapes outer-first", () => {
    const dt = parseDescr([
      [["Alpha", "a"], "<i4"],
      ["p", [["x", "<f4"]], [2]],
      ["m", { base: "<f8", shape: [3] }, [2]],
    ]);
    expect(dt.fields[0]).toMatchObject({ name: "a", title: "Alpha", offset: 0 });
    expect(dt.fields[1]).toMatchObject({ name: "p", offset: 4, shape: [2] });
    expect(dt.fields[1]!.dtype.kind).toBe("struct");
    expect(dt.fields[2]).toMatchObject({ name: "m", offset: 12, shape: [2, 3] });
    expect(dt.fields[2]!.dtype.descr).toBe("<f8");
    expect(dt.itemsize).toBe(4 + 8 + 48);
  });

  it("reads a (descr, shape) tuple given as an array as the object form, which it spells", () => {
    const dt = parseDescr(["<f4", [3]] as unknown as Descr);
    expect(dt).toMatchObject({
      kind: "subarray",
      itemsize: 12,
      shape: [3],
      descr: { base: "<f4", shape: [3] },
    });
    expect(parseDescr([["a", ["<i4", [2]]]] as unknown as Descr).descr).toEqual([["a", "<i4", [2]]]);
  });

  it("gives a descr serializeHeader writes as numpy's (descr, shape) tuple, for either spelling", () => {
    for (const spelling of [["<i4", [2]], { base: "<i4", shape: [2] }]) {
      const dt = parseDescr(spelling as Descr);
      const bytes = serializeHeader({ descr: dt.descr, shape: [5], fortranOrder: false });
      expect(new TextDecoder().decode(bytes)).toContain("'descr': ('<i4', (2,))");
      expect(parseHeader(bytes).descr).toEqual({ base: "<i4", shape: [2] });
    }
  });

  it("reads a top-level subarray as prod(shape) base elements", () => {
    const dt = parseDescr({ base: ">i2", shape: [2, 3] });
    expect(dt).toMatchObject({
      kind: "subarray",
      itemsize: 12,
      shape: [2, 3],
      descr: { base: ">i2", shape: [2, 3] },
    });
    const bytes = new Uint8Array(24).map((_, i) => (i % 2 ? i : 0));
    const data = decode(dt, bytes) as Int16Array;
    expect(data.length).toBe(12);
    expect(data[1]).toBe(3);
    expect(encode(dt, data)).toEqual(bytes);
  });
});

describe("parseDescr: bad descrs name the offending part", () => {
  it.each<[string, unknown, NpyErrorCode, RegExp]>([
    ["an unknown kind", "x", "BAD_DESCR", /'x' is not a numpy type string/],
    ["a 3-byte int", "<i3", "BAD_DESCR", /'<i3'.*sizes 1, 2, 4, 8/],
    ["a 2-byte bool", "|b2", "BAD_DESCR", /'\|b2'.*sizes 1/],
    ["a float without size", "<f", "BAD_DESCR", /'<f' has no size/],
    ["an unknown time unit", "<M8[fortnight]", "BAD_DESCR", /unknown time unit 'fortnight'/],
    ["a unit on a non-time type", "<f8[s]", "BAD_DESCR", /only datetime64/],
    ["trailing text", "<f8 ", "BAD_DESCR", /'<f8 '/],
    ["a number", 3, "BAD_DESCR", /found 3/],
    ["null", null, "BAD_DESCR", /found null/],
    ["a field without type", [["a"]], "BAD_DESCR", /descr field 0: expected a tuple/],
    [
      "a bad field type",
      [
        ["a", "<i4"],
        ["b", "<i3"],
      ],
      "BAD_DESCR",
      /descr field 'b'.*'<i3'/,
    ],
    ["a nested bad type", [["s", [["t", "zz"]]]], "BAD_DESCR", /descr field 's' field 't'.*'zz'/],
    ["a numeric field name", [[1, "<i4"]], "BAD_DESCR", /field 0: expected a field name/],
    ["a string shape", [["a", "<i4", "2"]], "BAD_DESCR", /field 'a'.*subarray shape.*"2"/],
    ["a negative shape", [["a", "<i4", [-1]]], "BAD_DESCR", /field 'a'.*non-negative/],
    [
      "a duplicate name",
      [
        ["a", "<i4"],
        ["a", "<f8"],
      ],
      "BAD_DESCR",
      /'a' is used twice/,
    ],
    [
      "a title equal to another name",
      [
        ["a", "<i4"],
        [["a", "b"], "<f8"],
      ],
      "BAD_DESCR",
      /'a' is used twice/,
    ],
    ["an itemsize beyond numpy's", "|S99999999999", "BAD_DESCR", /exceeds numpy's limit/],
    ["a huge subarray", [["a", "<f8", [2 ** 20, 2 ** 20]]], "BAD_DESCR", /field 'a'.*exceeds/],
    ["an object", "|O", "OBJECT_DTYPE", /pickle.*execute arbitrary code/],
    [
      "an object field",
      [
        ["a", "<i4"],
        ["b", "|O"],
      ],
      "OBJECT_DTYPE",
      /descr field 'b' is '\|O'/,
    ],
    ["a long double", "<f16", "UNSUPPORTED_DTYPE", /long double.*longDouble: "float64"/],
    ["a complex long double", "<c32", "UNSUPPORTED_DTYPE", /'<c32'/],
  ])("%s", (_, descr, code, message) => {
    const err = npyErrorOf(() => parseDescr(descr as Descr));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });
});

describe("hostile fixtures refused on their descr", () => {
  const cases = Object.entries(expected.hostile).filter(([path, h]) => {
    if (!["BAD_DESCR", "OBJECT_DTYPE", "UNSUPPORTED_DTYPE"].includes(h.code)) return false;
    try {
      parseHeader(readFixture(path)); // some BAD_DESCR files are refused by the header already
      return true;
    } catch {
      return false;
    }
  });

  it("finds the dtype-level cases", () => {
    expect(cases.map(([p]) => p).sort()).toEqual([
      "hostile/clongdouble.npy",
      "hostile/descr-bad-itemsize.npy",
      "hostile/descr-unknown-type.npy",
      "hostile/longdouble.npy",
      "hostile/object-field.npy",
      "hostile/object-header-only.npy",
    ]);
  });

  it.each(cases)("%s", (path, hostile) => {
    const header = parseHeader(readFixture(path));
    expect(npyErrorOf(() => parseDescr(header.descr)).code).toBe(hostile.code);
  });
});

describe("long double, opted into lossy float64", () => {
  it.each([
    ["hostile/longdouble.npy", [1.5, -2]],
    ["hostile/clongdouble.npy", [1.5, 1]],
  ])("%s decodes numpy's x87 values and encodes them back", (path, values) => {
    const file = readFixture(path);
    const header = parseHeader(file);
    const dtype = parseDescr(header.descr, { longDouble: "float64" });
    expect(dtype).toMatchObject({ lossy: true, itemsize: header.descr === "<f16" ? 16 : 32 });
    const bytes = file.subarray(header.dataOffset);
    const data = decode(dtype, bytes);
    expect(Array.from(data as Float64Array)).toEqual(values);
    expect(encode(dtype, data)).toEqual(bytes);
  });

  it("rounds, keeps signs, infinities, NaN and float64 subnormals", () => {
    const dtype = parseDescr("<f16", { longDouble: "float64" });
    const values = new Float64Array([
      0,
      -0,
      Infinity,
      -Infinity,
      Number.NaN,
      5e-324,
      -2.2250738585072014e-308,
      1e300,
      Math.PI,
    ]);
    const back = decode(dtype, encode(dtype, values)) as Float64Array;
    expect(Array.from(back)).toEqual(Array.from(values));
    expect(Object.is(back[1], -0)).toBe(true);
    // 1 + 2^-60 needs 61 mantissa bits: float64 rounds it to 1
    const wide = new Uint8Array(16);
    new DataView(wide.buffer).setBigUint64(0, (1n << 63n) | 8n, true);
    new DataView(wide.buffer).setUint16(8, 16383, true);
    expect(Array.from(decode(dtype, wide) as Float64Array)).toEqual([1]);
  });

  it("refuses big-endian long double even when opted in", () => {
    expect(npyErrorOf(() => parseDescr(">f16", { longDouble: "float64" })).code).toBe("UNSUPPORTED_DTYPE");
  });
});
