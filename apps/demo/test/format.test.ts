import { parseDescr } from "npyio";
import { describe, expect, it } from "vitest";
import { describeDType } from "../src/descr-words.js";
import { columnsOf, formatBytes, formatDatetime, formatFloat, formatShape, strides } from "../src/format.js";

describe("formatFloat", () => {
  it("prints six significant digits without trailing zeros after the point", () => {
    expect([1.5, 2, 150000, 2999999, 0.1 + 0.2, -0.25, 1e-7, 2.5e12].map(formatFloat)).toEqual([
      "1.5",
      "2",
      "150000",
      "2999999",
      "0.3",
      "-0.25",
      "1e-7",
      "2500000000000",
    ]);
  });
  it("spells the special values as numpy does", () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0].map(formatFloat)).toEqual([
      "nan",
      "inf",
      "-inf",
      "-0",
    ]);
  });
});

describe("formatDatetime", () => {
  it("prints each unit to its own precision, as numpy's str()", () => {
    expect(formatDatetime(0n, "D", 1)).toBe("1970-01-01");
    expect(formatDatetime(1709280000n, "s", 1)).toBe("2024-03-01T08:00:00");
    expect(formatDatetime(28401120n, "m", 1)).toBe("2024-01-01T00:00");
    expect(formatDatetime(-1n, "ms", 1)).toBe("1969-12-31T23:59:59.999");
    expect(formatDatetime(650n, "M", 1)).toBe("2024-03");
    expect(formatDatetime(54n, "Y", 1)).toBe("2024");
    expect(formatDatetime(-(2n ** 63n), "s", 1)).toBe("NaT");
  });
});

describe("columnsOf", () => {
  it("gives one column per field of a record, strings and datetimes readable", () => {
    const dtype = parseDescr([
      ["name", "<U4"],
      ["seen", "<M8[D]"],
      ["xy", "<f4", [2]],
    ]);
    const data = { name: ["ab", "c"], seen: new BigInt64Array([0n, 1n]), xy: new Float32Array([1, 2, 3, 4]) };
    const columns = columnsOf(dtype, data);
    expect(columns.map((c) => c.label)).toEqual(["name", "seen", "xy"]);
    expect(columns.map((c) => c.text(1))).toEqual(["c", "1970-01-02", "[3, 4]"]);
  });
  it("shows bytes strings as b'…' and complex numbers as a+bj", () => {
    expect(columnsOf(parseDescr("|S3"), ["OSL"])[0]!.text(0)).toBe("b'OSL'");
    expect(columnsOf(parseDescr("<c8"), new Float32Array([1, -2]))[0]!.text(0)).toBe("1-2j");
  });
});

describe("describeDType", () => {
  it("says a dtype in words", () => {
    expect(describeDType(parseDescr(">f8"))).toBe("64-bit float, big-endian");
    expect(describeDType(parseDescr("|u1"))).toBe("8-bit unsigned integer");
    expect(describeDType(parseDescr("<U10"))).toBe("unicode string of up to 10 characters, little-endian");
    expect(describeDType(parseDescr("<m8[25s]"))).toBe("timedelta64 in 25 seconds, little-endian");
    expect(describeDType(parseDescr([["id", "<i4"]]))).toBe(
      "record of 1 field: id (32-bit signed integer, little-endian)",
    );
  });
});

describe("layout helpers", () => {
  it("computes C and Fortran strides", () => {
    expect(strides([4, 32, 32], false)).toEqual([1024, 32, 1]);
    expect(strides([4, 32, 32], true)).toEqual([1, 4, 128]);
  });
  it("prints shapes and sizes", () => {
    expect([formatShape([160, 240]), formatShape([4096]), formatShape([])]).toEqual([
      "(160, 240)",
      "(4096,)",
      "()",
    ]);
    expect([formatBytes(9999), formatBytes(153728), formatBytes(24e6)]).toEqual([
      "9,999 bytes",
      "153.7 KB",
      "24.0 MB",
    ]);
  });
});
