import { spawnSync } from "node:child_process";
import { type NpyData, parseDescr } from "npyio";
import { describe, expect, it } from "vitest";
import { describeDType } from "../src/descr-words.js";
import { columnsOf, formatBytes, formatShape, formatTick, strides } from "../src/format.js";

describe("formatTick", () => {
  it("keeps labels short: six significant digits, exponents for large and tiny magnitudes", () => {
    expect([1.5, 2, 0.1 + 0.2, -0.25, 99999, 100000, 12500000, 2e-4, 2.5e12].map(formatTick)).toEqual([
      "1.5",
      "2",
      "0.3",
      "-0.25",
      "99999",
      "1e5",
      "1.25e7",
      "2e-4",
      "2.5e12",
    ]);
  });
  it("spells the special values as numpy does", () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0].map(formatTick)).toEqual([
      "nan",
      "inf",
      "-inf",
      "0",
    ]);
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
    expect(columns.map((c) => c.text(1))).toEqual(["c", "1970-01-02", "[3., 4.]"]);
  });
  it("shows bytes strings as b'…' and complex numbers as a+bj", () => {
    expect(columnsOf(parseDescr("|S3"), ["OSL"])[0]!.text(0)).toBe("b'OSL'");
    expect(columnsOf(parseDescr("<c8"), new Float32Array([1, -2]))[0]!.text(0)).toBe("1.-2.j");
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

describe("table cells print as numpy prints the element inside an array", () => {
  // [descr, the element as JS data, numpy's expression for the same element]
  const cases: [string, NpyData, string][] = [
    ["<f4", new Float32Array([0.012573022]), "np.array([0.012573022], '<f4')"],
    ["<f4", new Float32Array([123456789]), "np.array([123456789], '<f4')"],
    ["<f8", new Float64Array([1 / 3]), "np.array([1/3], '<f8')"],
    ["<f8", new Float64Array([-Infinity]), "np.array([-np.inf], '<f8')"],
    ["<f2", new Uint16Array([0x2e66]), "np.array([0.1], '<f2')"],
    ["|S3", ["\x00\xff"], "np.array([b'\\x00\\xff'], '|S3')"],
    ["<c16", new Float64Array([1, -2.5]), "np.array([1-2.5j], '<c16')"],
    ["|b1", new Uint8Array([1]), "np.array([True])"],
  ];
  const numpy = spawnSync(
    "python3",
    [
      "-c",
      `import numpy as np, json; print(json.dumps([np.array2string(a)[1:-1].strip() for a in [${cases.map((c) => c[2]).join(", ")}]]))`,
    ],
    { encoding: "utf8" },
  );
  const reason =
    numpy.status === 0 ? undefined : `python3 with numpy is needed: ${numpy.stderr || numpy.error}`;
  if (reason) {
    if (process.env.CI) throw new Error(reason);
    console.warn(`apps/demo format: skipped: ${reason}`);
  }
  it.skipIf(reason !== undefined)("matches numpy for floats, half floats, bytes, complex and bools", () => {
    const expected = JSON.parse(numpy.stdout) as string[];
    const got = cases.map(([descr, data]) => columnsOf(parseDescr(descr), data)[0]!.text(0));
    expect(got).toEqual(expected);
    expect(got[0]).toBe("0.01257302");
  });
});
