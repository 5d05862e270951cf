import { describe, expect, it } from "vitest";
import { type NpyHeader, parseHeader, serializeHeader } from "../src/index.js";
import { bytes, expectNpyError } from "./helpers.js";

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

describe("serializeHeader", () => {
  it("writes numpy's bytes for np.save(np.zeros(3))", () => {
    const out = serializeHeader({ descr: "<f8", fortranOrder: false, shape: [3] });
    // b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }" + spaces + b"\n"
    expect(latin1(out)).toBe(
      `\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }${" ".repeat(60)}\n`,
    );
  });

  it("writes (), (3,) and (2, 3) with no growth padding for a scalar", () => {
    const text = (shape: number[]) => latin1(serializeHeader({ descr: "|u1", fortranOrder: false, shape }));
    expect(text([])).toContain("'shape': (), }            ");
    expect(text([2, 3])).toContain("'shape': (2, 3), }");
    expect(text([]).length % 64).toBe(0);
  });

  // numpy's test_header_growth_axis: room for the growth axis to reach 21 digits in place
  it.each([
    [false, 22, 128],
    [false, 23, 192],
    [true, 23, 128],
    [true, 24, 192],
  ])(
    "keeps room to grow the axis (fortran %s, name of %i spaces) in %i bytes",
    (fortranOrder, space, length) => {
      for (let i = 0; i < 16; i++) {
        const size = 10 ** i;
        const shape = fortranOrder ? [2, size] : [size, 2];
        // numpy's test passes np.dtype(...), whose repr adds "dtype(" and ")": 7 more characters
        const out = serializeHeader({ descr: [[" ".repeat(space + 7), "<i8"]], fortranOrder, shape });
        expect(out.length).toBe(length);
      }
    },
  );

  it("pads with a full 64 spaces when the header is already aligned, as numpy's _wrap_header does", () => {
    // 10 preamble bytes + {'descr': [('x' * 54, '<i8')], 'fortran_order': False, 'shape': (), } + newline = 128
    const out = serializeHeader({ descr: [["x".repeat(54), "<i8"]], fortranOrder: false, shape: [] });
    expect(out.length).toBe(192);
    expect(latin1(out).endsWith(`}${" ".repeat(64)}\n`)).toBe(true);
  });

  it("chooses 1.0, then 2.0 beyond 65535 bytes, then 3.0 for non-latin1 text", () => {
    const v = (descr: NpyHeader["descr"]) =>
      parseHeader(serializeHeader({ descr, fortranOrder: false, shape: [1] }), { maxHeaderSize: 1e6 })
        .version;
    expect(v("<f8")).toBe("1.0");
    expect(v([["é", "<f8"]])).toBe("1.0");
    expect(v([["x".repeat(65536), "<f8"]])).toBe("2.0");
    expect(v([["名", "<f8"]])).toBe("3.0");
    expect(v([["名".repeat(70000), "<f8"]])).toBe("3.0");
  });

  it("writes an explicit version when it can hold the header", () => {
    for (const version of ["1.0", "2.0", "3.0"] as const) {
      const out = serializeHeader({ descr: "<f8", fortranOrder: true, shape: [2, 3] }, { version });
      expect(out.length % 64).toBe(0);
      expect(parseHeader(out)).toEqual({
        version,
        descr: "<f8",
        fortranOrder: true,
        shape: [2, 3],
        dataOffset: out.length,
      });
    }
  });

  it("encodes an explicit 3.0 header as UTF-8 even when it is latin1", () => {
    const out = serializeHeader(
      { descr: [["é", "<f8"]], fortranOrder: false, shape: [] },
      { version: "3.0" },
    );
    expect(latin1(out)).toContain("[('\xc3\xa9', '<f8')]");
    expect(parseHeader(out).descr).toEqual([["é", "<f8"]]);
  });

  it("refuses an explicit version that cannot hold the header", () => {
    const long = { descr: [["x".repeat(256 * 256), "<i8"]], fortranOrder: false, shape: [] } as NpyHeader;
    expect(
      expectNpyError(() => serializeHeader(long, { version: "1.0" }), "HEADER_TOO_LARGE").message,
    ).toContain("use version 2.0");
    const wide = { descr: [["名", "<i8"]], fortranOrder: false, shape: [] } as NpyHeader;
    expectNpyError(() => serializeHeader(wide, { version: "1.0" }), "HEADER_ENCODING");
    expectNpyError(() => serializeHeader(wide, { version: "2.0" }), "HEADER_ENCODING");
  });

  it("pads to an exact byteLength, to overwrite a header of that length in place", () => {
    const header = { descr: "<f8", fortranOrder: false, shape: [12345] };
    for (const [byteLength, version] of [
      [128, "1.0"],
      [77, "1.0"],
      [300, "2.0"],
    ] as const) {
      const out = serializeHeader(header, { version, byteLength });
      expect(out.length).toBe(byteLength);
      expect(out.at(-1)).toBe(0x0a);
      expect(parseHeader(out)).toMatchObject({ ...header, version, dataOffset: byteLength });
    }
    // 10 bytes of preamble, the 61-character dict, the newline: no room left for the growth padding
    expect(latin1(serializeHeader(header, { byteLength: 72 })).slice(10)).toBe(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (12345,), }\n",
    );
    // no room: the result is longer than asked, for the caller to refuse
    expect(serializeHeader(header, { byteLength: 71 }).length).toBe(72);
  });

  it.each(["1.1", "0.0", "4.0", "2", 2])("rejects version %j with UNSUPPORTED_VERSION", (version) => {
    const header = { descr: "<f8", fortranOrder: false, shape: [1] };
    expectNpyError(() => serializeHeader(header, { version: version as "1.0" }), "UNSUPPORTED_VERSION");
  });

  it("escapes a lone surrogate as repr does, so it stays latin1 and round-trips", () => {
    const header = { descr: [["a\ud800", "<f8"]], fortranOrder: false, shape: [] } as NpyHeader;
    expect(latin1(serializeHeader(header))).toContain("[('a\\ud800', '<f8')]");
    expect(parseHeader(serializeHeader(header))).toMatchObject({ version: "1.0", descr: header.descr });
  });

  it.each<[string, unknown, string]>([
    ["shape", { descr: "<f8", fortranOrder: false, shape: [-1] }, "BAD_SHAPE"],
    ["shape", { descr: "<f8", fortranOrder: false, shape: [1.5] }, "BAD_SHAPE"],
    ["shape", { descr: "<f8", fortranOrder: false, shape: [2 ** 27, 2 ** 27] }, "BAD_SHAPE"],
    ["shape", { descr: "<f8", fortranOrder: false, shape: "3" }, "BAD_SHAPE"],
    ["shape", { descr: "<f8", fortranOrder: false }, "BAD_SHAPE"],
    ["fortranOrder", { descr: "<f8", fortranOrder: 0, shape: [] }, "BAD_FORTRAN_ORDER"],
    ["descr", { descr: 3, fortranOrder: false, shape: [] }, "BAD_DESCR"],
    ["descr", { descr: [["a"]], fortranOrder: false, shape: [] }, "BAD_DESCR"],
    ["descr", { descr: [["a", "<f8", [-2]]], fortranOrder: false, shape: [] }, "BAD_DESCR"],
    ["descr", { descr: [[["t"], "<f8"]], fortranOrder: false, shape: [] }, "BAD_DESCR"],
    ["descr", { descr: { base: "<f8" }, fortranOrder: false, shape: [] }, "BAD_DESCR"],
    ["descr", { descr: [null], fortranOrder: false, shape: [] }, "BAD_DESCR"],
    ["descr", { fortranOrder: false, shape: [] }, "BAD_DESCR"],
    ["header", undefined, "BAD_DESCR"],
  ])("rejects a bad %s with an NpyError", (_what, header, code) => {
    expectNpyError(() => serializeHeader(header as NpyHeader), code as "BAD_DESCR");
  });

  it("round-trips a top-level subarray descr", () => {
    const header = { descr: { base: "<i4", shape: [2, 2] }, fortranOrder: false, shape: [3] };
    expect(latin1(serializeHeader(header))).toContain("{'descr': ('<i4', (2, 2)), ");
    expect(parseHeader(serializeHeader(header))).toMatchObject(header);
  });

  it("is what parseHeader reads back, from the magic on", () => {
    const out = serializeHeader({ descr: "|b1", fortranOrder: false, shape: [] });
    expect([...out.subarray(0, 8)]).toEqual([...bytes("\x93NUMPY\x01\x00")]);
  });
});
