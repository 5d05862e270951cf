import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, parseDescr } from "npyio";
import { afterAll, describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { castArray, descrOf, withByteOrder } from "../src/cast-array.js";
import { fromCsv, parseCsv, toCsv } from "../src/csv-table.js";
import { python } from "./helpers/python.js";
import { npyio } from "./helpers/run-npyio.js";

const hasNumpy = requireNumpy("the convert --dtype tests against numpy");

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

describe("convert --dtype against numpy", () => {
  const dir = mkdtempSync(join(tmpdir(), "npyio-cast-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!hasNumpy)(
    "with --unsafe writes numpy's astype bytes: NaN, ±inf and out-of-range floats, 64-bit integers",
    () => {
      const cases = [
        ["f8", "i4"],
        ["f8", "i2"],
        ["f8", "u8"],
        ["f8", "u4"],
        ["i8", "i2"],
        ["u8", "u4"],
        ["u8", "f4"],
        ["c16", "i8"],
      ];
      // numpy writes each source and its astype; npyio converts the source with the same --dtype
      python([
        "-c",
        `
import sys, warnings
import numpy as np
warnings.simplefilter("ignore")
floats = [np.nan, np.inf, -np.inf, -2.0**31 - 1, 1e10, -1e10, 2.0**63, 2.0**64, -0.5, 2.5, 65535.9, 2.0**53 + 2]
ints = [2**53 + 1, 2**63 - 1, -2**63, -1, 0, 2**60 + 2**36 + 1, 70000, -70000]
for a, b in ${JSON.stringify(cases)}:
    src = np.array(floats, dtype=a) if a[0] in "fc" else np.array([x % 2**64 if a[0] == "u" else x for x in ints], dtype=a)
    np.save(f"{sys.argv[1]}/{a}.npy", src)
    np.save(f"{sys.argv[1]}/{a}-{b}.want.npy", src.astype(b))
`,
        dir,
      ]);
      for (const [from, to] of cases) {
        const out = join(dir, `${from}-${to}.npy`);
        const r = npyio(["convert", join(dir, `${from}.npy`), out, "--dtype", to!, "--unsafe"]);
        expect(r.status, r.stderr).toBe(0);
        const [got, want] = [out, join(dir, `${from}-${to}.want.npy`)].map((p) => parse(readFileSync(p)));
        expect(got!.dtype.descr, `${from} → ${to}`).toBe(want!.dtype.descr);
        expect(got!.data, `${from} → ${to}`).toEqual(want!.data);
      }
    },
  );

  it("without --unsafe refuses any changed value, sign flips and dropped imaginary parts included", () => {
    const array = (descr: string, data: ArrayLike<number | bigint>) => ({
      dtype: parseDescr(descr),
      shape: [data.length],
      fortranOrder: false,
      data: data as never,
    });
    const refuses = (from: ReturnType<typeof array>, to: string, element: number) =>
      expect(() => castArray(from, descrOf(to), false), `${from.dtype.descr} → ${to}`).toThrow(
        expect.objectContaining({
          code: "LOSSY_CAST",
          message: expect.stringContaining(`element ${element} `),
        }),
      );
    refuses(array("|u1", Uint8Array.of(1, 255)), "i1", 1);
    refuses(array("|i1", Int8Array.of(-1)), "u1", 0);
    refuses(array("<i8", BigInt64Array.of(0n, 2n ** 53n + 1n)), "f8", 1);
    refuses(array("<c16", Float64Array.of(1, 0, 1, 2)), "f8", 1);
    refuses(array("<f8", Float64Array.of(Number.NaN)), "i4", 0);
    expect(() => castArray(array("<c16", Float64Array.of(1, 2)), descrOf("f8"), false)).toThrow(
      /\(1\+2j\) → 1/,
    );
    const kept = castArray(array("<c16", Float64Array.of(1.5, 0, Number.NaN, 0)), descrOf("f4"), false);
    expect(Array.from(kept.data as Float32Array)).toEqual([1.5, Number.NaN]);
    const widened = castArray(array("<i8", BigInt64Array.of(-(2n ** 63n))), descrOf("c16"), true);
    expect(Array.from(widened.data as Float64Array)).toEqual([-(2 ** 63), 0]);
  });
});
