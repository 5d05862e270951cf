import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import {
  type Descr,
  isNpyError,
  type NpyErrorCode,
  parseHeader,
  reprDescr,
  serializeHeader,
} from "../src/index.js";

// Headers in the fixtures reach 92 kB (v2-many-fields); numpy itself needs max_header_size raised for them
const options = { maxHeaderSize: 200_000 };

describe("numpy-written fixtures", () => {
  const npy = Object.entries(expected.npy);

  it("include every format version", () => {
    expect(new Set(npy.map(([, e]) => e.version))).toEqual(new Set(["1.0", "2.0", "3.0"]));
  });

  it.each(npy)("%s: parseHeader reads what numpy wrote", (name, e) => {
    expect(parseHeader(readFixture(name), options)).toEqual({
      version: e.version,
      descr: e.descr,
      fortranOrder: e.fortranOrder,
      shape: e.shape,
      dataOffset: e.dataOffset,
    });
  });

  it.each(npy)("%s: serializeHeader writes numpy's header bytes exactly", (name, e) => {
    const file = readFixture(name);
    const header = { descr: e.descr as Descr, fortranOrder: e.fortranOrder, shape: e.shape };
    expect(serializeHeader(header, { version: e.version })).toEqual(file.subarray(0, e.dataOffset));
    // numpy chose the version itself unless the generator asked for one
    if (!name.includes("explicit")) expect(serializeHeader(header)).toEqual(file.subarray(0, e.dataOffset));
    expect(reprDescr(header.descr)).toBe(e.descrRepr);
  });
});

// Hostile files whose fault lies past the header: the data (stream) or the dtype (@npyio/dtype)
const headerIsValid = new Set([
  "hostile/truncated-no-data.npy",
  "hostile/truncated-in-data.npy",
  "hostile/truncated-last-byte.npy",
  "hostile/truncated-large-data.npy",
  "hostile/descr-unknown-type.npy",
  "hostile/descr-bad-itemsize.npy",
  "hostile/object-field.npy",
  "hostile/object-header-only.npy",
  "hostile/longdouble.npy",
  "hostile/clongdouble.npy",
]);
const hostile = Object.entries(expected.hostile).filter(([name]) => name.endsWith(".npy"));

describe("hostile fixtures", () => {
  it.each(hostile.filter(([name]) => !headerIsValid.has(name)))("%s: %o", (name, { code }) => {
    let thrown: unknown;
    try {
      parseHeader(readFixture(name));
    } catch (err) {
      thrown = err;
    }
    expect(isNpyError(thrown), String(thrown)).toBe(true);
    expect((thrown as { code: NpyErrorCode }).code, (thrown as Error).message).toBe(code);
  });

  it.each(hostile.filter(([name]) => headerIsValid.has(name)))("%s: the header itself is valid", (name) => {
    const file = readFixture(name);
    expect(parseHeader(file).dataOffset).toBeLessThanOrEqual(file.length);
  });

  it("lists only files that exist in expected.json", () => {
    for (const name of headerIsValid) expect(expected.hostile[name], name).toBeDefined();
  });
});
