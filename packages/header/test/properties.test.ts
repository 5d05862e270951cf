import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { isNpyError, type NpyVersion, parseHeader, reprDescr, serializeHeader } from "../src/index.js";
import { header, shape } from "./arbitraries.js";
import { runPython } from "./python.js";

const hasNumpy = requireNumpy("the header round trips through numpy");

const isLatin1 = (s: string) => !/[^\0-\xff]/.test(s);
const version = fc.constantFrom<NpyVersion | undefined>(undefined, "1.0", "2.0", "3.0");
const unbounded = { maxHeaderSize: Number.POSITIVE_INFINITY };

describe("serializeHeader → parseHeader", () => {
  it("is the identity for random shapes, descrs and versions", () => {
    fc.assert(
      fc.property(header, version, (h, v) => {
        const latin1 = isLatin1(reprDescr(h.descr));
        if (!latin1 && (v === "1.0" || v === "2.0")) {
          expect(() => serializeHeader(h, { version: v })).toThrow(/latin1/);
          return;
        }
        const out = serializeHeader(h, { version: v });
        expect(out.length % 64).toBe(0);
        expect(out[out.length - 1]).toBe(0x0a);
        expect(parseHeader(out, unbounded)).toEqual({
          ...h,
          version: v ?? (latin1 ? "1.0" : "3.0"),
          dataOffset: out.length,
        });
      }),
      { seed: 11, numRuns: 1000 },
    );
  });

  it("is the identity for top-level (descr, shape) subarray descrs", () => {
    fc.assert(
      fc.property(header, fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }), (h, sub) => {
        const descr = { base: h.descr, shape: sub };
        const out = serializeHeader({ ...h, descr, shape: [] });
        expect(parseHeader(out, unbounded).descr).toEqual(descr);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it("rejects any shape whose element count is beyond 2**53 - 1, with BAD_SHAPE", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 2 ** 27, max: 2 ** 40 }), (s, big) => {
        const dims = [...s.map((d) => d || 1), big, big];
        try {
          serializeHeader({ descr: "<f8", fortranOrder: false, shape: dims });
          expect.unreachable();
        } catch (err) {
          expect(isNpyError(err, "BAD_SHAPE")).toBe(true);
        }
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it.skipIf(!hasNumpy)("writes headers numpy reads back and rewrites byte for byte", () => {
    const samples = fc.sample(fc.tuple(header, version), { seed: 14, numRuns: 400 }).flatMap(([h, v]) => {
      const latin1 = isLatin1(reprDescr(h.descr));
      return latin1 || v === undefined || v === "3.0" ? [{ h, out: serializeHeader(h, { version: v }) }] : [];
    });
    const results = runPython<[number[], boolean, string, boolean][]>(
      `import io, json, sys
from numpy.lib import _format_impl as f
out = []
for hexed in json.load(sys.stdin):
    data = bytes.fromhex(hexed)
    fp = io.BytesIO(data)
    version = f.read_magic(fp)
    shape, fortran, dtype = f._read_array_header(fp, version, max_header_size=10**9)
    d = {"descr": f.dtype_to_descr(dtype), "fortran_order": fortran, "shape": shape}
    again = io.BytesIO()
    f._write_array_header(again, d, version)
    out.append([list(shape), fortran, repr(d["descr"]), again.getvalue() == data])
print(json.dumps(out))`,
      samples.map(({ out }) => Buffer.from(out).toString("hex")),
    );
    expect(samples.length).toBeGreaterThan(300);
    samples.forEach(({ h }, i) => {
      expect(results[i]).toEqual([h.shape, h.fortranOrder, reprDescr(h.descr), true]);
    });
  });
});
