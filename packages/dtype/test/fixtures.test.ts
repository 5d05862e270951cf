/** Every numpy-written fixture decodes to its canonical values and encodes back to numpy's bytes. */
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { type Descr, type DType, decode, encode, FixedStrings, parseDescr } from "../src/index.js";
import { canonical } from "./canonical.js";

const npy = Object.entries(expected.npy).filter(([, f]) => f.values !== undefined);
const npzMembers = Object.entries(expected.npz).flatMap(([, z]) => Object.entries(z.members));

describe("numpy fixtures", () => {
  it("covers the fixture set (not silently empty)", () => {
    expect(npy.length).toBeGreaterThan(80);
  });

  describe.each(npy)("%s", (path, fixture) => {
    const file = readFixture(path);
    const bytes = file.subarray(fixture.dataOffset);
    const dtype = parseDescr(fixture.descr as Descr);

    it("parses to numpy's own descr and a size that matches the data", () => {
      expect(dtype.descr).toEqual(fixture.descr);
      expect(bytes.length).toBe(dtype.itemsize * fixture.shape.reduce((a, b) => a * b, 1));
    });

    it("decodes to the expected values", () => {
      expect(canonical(dtype, decode(dtype, bytes))).toEqual(fixture.values);
    });

    it("with { strings: 'fixed' } keeps U and S items as their bytes, same values and bytes", () => {
      const data = decode(dtype, bytes, { strings: "fixed" });
      if (dtype.kind === "U" || dtype.kind === "S") {
        expect(data).toBeInstanceOf(FixedStrings);
        expect((data as FixedStrings).bytes).toBe(bytes); // a view, not a copy
      }
      expect(canonical(dtype, data)).toEqual(fixture.values);
      expect(encode(dtype, data)).toEqual(bytes);
    });

    it("encodes back to numpy's bytes", () => {
      expect(encode(dtype, decode(dtype, bytes))).toEqual(bytes);
      expect(encode(dtype, decode(dtype, bytes, { copy: true, float16: "bits", bytesAs: "bytes" }))).toEqual(
        bytes,
      );
    });
  });

  it("decodes npz members' descrs too", () => {
    for (const [, member] of npzMembers) {
      const dtype: DType = parseDescr(member.descr as Descr);
      expect(dtype.descr).toEqual(member.descr);
    }
    expect(npzMembers.length).toBeGreaterThan(10);
  });
});
