import { isNpyError } from "@npyio/header";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { parse, save } from "../src/index.js";

const npy = Object.entries(expected.npy);
const readable = npy.filter(([, f]) => f.values !== undefined);
// numpy itself refuses headers over 10000 bytes by default; v2-many-fields has a 92 kB header
const trusted = { maxHeaderSize: 1_000_000 };

describe("save(parse(bytes)) returns numpy's exact bytes", () => {
  it.each(readable.map(([name]) => [name]))("%s", (name) => {
    const bytes = readFixture(name);
    expect(save(parse(bytes, trusted))).toEqual(bytes);
  });

  it.each(readable.map(([name]) => [name]))("%s, with strings kept fixed-width", (name) => {
    const bytes = readFixture(name);
    expect(save(parse(bytes, { ...trusted, strings: "fixed" }))).toEqual(bytes);
  });
});

describe("parse", () => {
  it.each(readable.map(([name, f]) => [name, f] as const))(
    "%s has numpy's shape, order and descr",
    (name, f) => {
      const array = parse(readFixture(name), trusted);
      expect(array.shape).toEqual(f.shape);
      expect(array.fortranOrder).toBe(f.fortranOrder);
      expect(array.dtype.descr).toEqual(f.descr);
      expect(array.version).toBe(f.version);
    },
  );

  it("reads a float64 file's values", () => {
    const array = parse(readFixture("npy/f8-le.npy"));
    const bits = Array.from(
      new BigUint64Array((array.data as Float64Array).slice().buffer),
      (b) => `0x${b.toString(16).padStart(16, "0")}`,
    );
    expect(bits).toEqual(expected.npy["npy/f8-le.npy"]!.values);
  });

  it("accepts an ArrayBuffer", () => {
    const bytes = readFixture("npy/i4-2d.npy");
    expect(parse(bytes.buffer as ArrayBuffer).shape).toEqual([...expected.npy["npy/i4-2d.npy"]!.shape]);
  });

  it("refuses object arrays with OBJECT_DTYPE", () => {
    expect(() => parse(readFixture("npy/object.npy"))).toThrow(
      expect.objectContaining({ code: "OBJECT_DTYPE" }),
    );
  });

  it.each(Object.entries(expected.hostile).filter(([n]) => n.endsWith(".npy")))(
    "%s fails with its NpyError code",
    (name, { code }) => {
      let error: unknown;
      try {
        parse(readFixture(name));
      } catch (err) {
        error = err;
      }
      expect(isNpyError(error), String(error)).toBe(true);
      expect((error as { code: string }).code).toBe(code);
    },
  );

  it("says TRAILING_DATA when bytes follow the array", () => {
    const bytes = readFixture("npy/u1.npy");
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(() => parse(longer)).toThrow(
      expect.objectContaining({ code: "TRAILING_DATA", offset: bytes.length }),
    );
  });
});

describe("save", () => {
  it("infers the dtype from a typed array and defaults to 1-d C order", () => {
    const array = parse(save({ data: new Float32Array([1, 2, 3]) }));
    expect(array.dtype.descr).toBe("<f4");
    expect(array.shape).toEqual([3]);
    expect(array.fortranOrder).toBe(false);
    expect(Array.from(array.data as Float32Array)).toEqual([1, 2, 3]);
  });

  it("takes a descr string", () => {
    const bytes = save({ data: new Int16Array([1, -2]), dtype: ">i2", shape: [2, 1] });
    const back = parse(bytes);
    expect(back.dtype.descr).toBe(">i2");
    expect(Array.from(back.data as Int16Array)).toEqual([1, -2]);
  });

  it("rejects a shape that does not match the data with SHAPE_MISMATCH", () => {
    expect(() => save({ data: new Uint8Array(5), shape: [2, 2] })).toThrow(
      expect.objectContaining({ code: "SHAPE_MISMATCH" }),
    );
  });

  it("needs a dtype for string lists", () => {
    expect(() => save({ data: ["a"] })).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    expect(parse(save({ data: ["ab", "c"], dtype: "<U2" })).data).toEqual(["ab", "c"]);
  });
});
