/** Type-level mapping from descr literals to data types (checked by `tsc`, asserted at runtime too). */
import { expect, expectTypeOf, it } from "vitest";
import { decode, FixedStrings, type NpyData, type NpyRecord, parseDescr } from "../src/index.js";

it("maps descr literals to the data type decode returns", () => {
  const f4 = decode(parseDescr("<f4"), new Uint8Array(8));
  expectTypeOf(f4).toEqualTypeOf<Float32Array>();
  expect(f4).toBeInstanceOf(Float32Array);

  const i8 = decode(parseDescr(">i8"), new Uint8Array(8));
  expectTypeOf(i8).toEqualTypeOf<BigInt64Array>();
  expect(i8).toBeInstanceOf(BigInt64Array);

  const t = decode(parseDescr("<M8[ns]"), new Uint8Array(8));
  expectTypeOf(t).toEqualTypeOf<BigInt64Array>();

  const s = decode(parseDescr("|S3"), new Uint8Array(3));
  expectTypeOf(s).toEqualTypeOf<string[]>();
  expect(s).toEqual([""]);

  const fixed = decode(parseDescr("<U2"), new Uint8Array(16), { strings: "fixed" });
  expectTypeOf(fixed).toEqualTypeOf<FixedStrings>();
  expect(fixed).toBeInstanceOf(FixedStrings);
  const fixedRecord = decode(
    parseDescr([
      ["name", "|S2"],
      ["x", "<f4"],
    ]),
    new Uint8Array(12),
    { strings: "fixed" },
  );
  expectTypeOf(fixedRecord).toEqualTypeOf<{ name: FixedStrings; x: Float32Array }>();
  expect(fixedRecord.name).toBeInstanceOf(FixedStrings);

  const rec = decode(
    parseDescr([
      ["x", "<i4"],
      ["", "|V4"],
      ["y", ">f8", [2]],
    ]),
    new Uint8Array(24),
  );
  expectTypeOf(rec).toEqualTypeOf<{ x: Int32Array; y: Float64Array }>();
  expect(Object.keys(rec)).toEqual(["x", "y"]);

  const dynamic = decode(parseDescr(String("<f8")), new Uint8Array(8));
  expectTypeOf(dynamic).toEqualTypeOf<NpyData>();
  const fields = decode(parseDescr([] as [string, string][]), new Uint8Array(0));
  expectTypeOf(fields).toEqualTypeOf<NpyRecord>();
});
