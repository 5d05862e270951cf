import { parseDescr } from "npyio";
import { describe, expect, it } from "vitest";
import { castArray, descrOf, withByteOrder } from "../src/cast-array.js";
import { fromCsv, parseCsv, toCsv } from "../src/csv-table.js";

describe("CSV", () => {
  it("parses quotes, doubled quotes, CRLF and a missing final newline", () => {
    expect(parseCsv('a,"b,c"\r\n"say ""hi""",d')).toEqual([
      ["a", "b,c"],
      ['say "hi"', "d"],
    ]);
  });

  it("infers int64, float64, bool and str columns and skips a header row", () => {
    expect(fromCsv("x,y\n1,2\n3,4\n").array).toMatchObject({ shape: [2, 2], dtype: { descr: "<i8" } });
    expect(fromCsv("x\n1.5\nnan\n-inf\n").array.dtype.descr).toBe("<f8");
    expect(fromCsv("True\nfalse\n").array.dtype.descr).toBe("|b1");
    const s = fromCsv("ab\ncde\n");
    expect(s.header).toBe(false);
    expect(s.array).toMatchObject({ shape: [2], dtype: { descr: "<U3" }, data: ["ab", "cde"] });
  });

  it("refuses ragged rows with the row number", () => {
    expect(() => fromCsv("1,2\n3\n")).toThrow(/row 2 has 1 fields, row 1 has 2/);
  });

  it("writes a structured array with a header of field names and shortest floats", () => {
    const dtype = parseDescr([
      ["a", "<i4"],
      ["b", "<f8", [2]],
    ]);
    const csv = toCsv({
      dtype,
      shape: [2],
      fortranOrder: false,
      data: { a: new Int32Array([1, -2]), b: new Float64Array([0.1, 2, Number.NaN, -Infinity]) },
    });
    expect(csv).toBe("a,b[0],b[1]\n1,0.1,2.0\n-2,nan,-inf\n");
  });

  it("refuses arrays of more than two dimensions", () => {
    expect(() =>
      toCsv({ dtype: parseDescr("|u1"), shape: [1, 1, 1], fortranOrder: false, data: new Uint8Array(1) }),
    ).toThrow(/1-d or 2-d/);
  });
});

describe("casts", () => {
  const f8 = (values: number[]) => ({
    dtype: parseDescr("<f8"),
    shape: [values.length],
    fortranOrder: false,
    data: Float64Array.from(values),
  });

  it("allows a cast that keeps every value", () => {
    const out = castArray(f8([1, 2.5, Number.NaN]), descrOf("f4"), false);
    expect(Array.from(out.data as Float32Array)).toEqual([1, 2.5, Number.NaN]);
  });

  it("refuses a lossy cast with LOSSY_CAST naming the element", () => {
    expect(() => castArray(f8([1, 0.1]), descrOf("f4"), false)).toThrow(
      expect.objectContaining({ code: "LOSSY_CAST", message: expect.stringContaining("element 1") }),
    );
    expect(() => castArray(f8([300]), descrOf("u1"), false)).toThrow(
      expect.objectContaining({ code: "LOSSY_CAST" }),
    );
  });

  it("with unsafe, follows numpy's astype: truncate toward zero, wrap integers", () => {
    expect(Array.from(castArray(f8([-1.7, 2.9]), descrOf("i2"), true).data as Int16Array)).toEqual([-1, 2]);
    const wide = {
      dtype: parseDescr("<i4"),
      shape: [2],
      fortranOrder: false,
      data: new Int32Array([300, -1]),
    };
    expect(Array.from(castArray(wide, descrOf("u1"), true).data as Uint8Array)).toEqual([44, 255]);
  });

  it("changes byte order of every multi-byte scalar, fields too", () => {
    expect(withByteOrder("<f8", "big")).toBe(">f8");
    expect(withByteOrder("|u1", "big")).toBe("|u1");
    expect(
      withByteOrder(
        [
          ["a", "<i4"],
          ["b", "|S3"],
        ],
        ">",
      ),
    ).toEqual([
      ["a", ">i4"],
      ["b", "|S3"],
    ]);
    expect(() => withByteOrder("<f8", "sideways")).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});
