/**
 * Arrays built in JS, encoded here and written with @npyio/header, are read by numpy: it must see
 * the same dtype and the same values (compared in fixtures/expected.json's canonical form).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serializeHeader } from "@npyio/header";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { dateToDatetime } from "../src/convert.js";
import {
  type Descr,
  type DType,
  decode,
  type EncodableData,
  encode,
  NAT,
  type NpyData,
  parseDescr,
} from "../src/index.js";
import { cases } from "./arbitraries.js";
import { canonical } from "./canonical.js";
import { python } from "./python.js";

const hasNumpy = requireNumpy("the tests of numpy reading arrays encoded by @npyio/dtype");

const GEN = new URL("../../../scripts/gen-fixtures.py", import.meta.url).pathname;

// numpy loads each file and reports its descr and canonical values with the fixture generator's canon()
const READER = `
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("gen", ${JSON.stringify(GEN)})
gen = importlib.util.module_from_spec(spec); spec.loader.exec_module(gen)
out = []
for path in json.load(sys.stdin):
    try:
        a = np.load(path, allow_pickle=False)
    except Exception as e:
        out.append({"error": str(e)})
        continue
    out.append({"descr": gen.descr_json(np.lib.format.dtype_to_descr(a.dtype)),
                "values": gen.canon(np.ascontiguousarray(a).reshape(-1))})
print(json.dumps(out))
`;

const dir = hasNumpy ? mkdtempSync(join(tmpdir(), "npyio-dtype-")) : "";
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Case {
  dtype: DType;
  data: NpyData;
  n: number;
}

/** Writes every case as a .npy file, has numpy read them all, returns what numpy saw. */
function numpyReads(list: Case[]): { descr: unknown; values: unknown[]; error?: string }[] {
  const paths = list.map(({ dtype, data, n }, i) => {
    const body = encode(dtype, data, { count: n });
    const header = serializeHeader({ descr: dtype.descr, fortranOrder: false, shape: [n] });
    const path = join(dir, `case-${i}.npy`);
    const file = new Uint8Array(header.length + body.length);
    file.set(header);
    file.set(body, header.length);
    writeFileSync(path, file);
    return path;
  });
  return JSON.parse(python(READER, JSON.stringify(paths)));
}

// descr as JSON the way the generator writes it: a subarray inside a field is a [base, shape] pair
const asGenerated = (d: unknown, top = true): unknown => {
  if (typeof d !== "object" || d === null) return d;
  if (Array.isArray(d)) return d.map((x) => asGenerated(x, false));
  const { base, shape } = d as { base: unknown; shape: number[] };
  return top ? { base: asGenerated(base, false), shape } : [asGenerated(base, false), shape];
};

const built: [Descr, EncodableData][] = [
  ["<f4", new Float32Array([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 3.4e38, 1e-45])],
  [">f8", new Float64Array([Math.PI, -1e-310, Number.NEGATIVE_INFINITY, 2 ** 53 + 2])],
  ["<f2", new Float32Array([0.1, 65504, 65520, 1e-7, 6e-8, -0, 2049, Number.NaN])],
  [">f2", [1, -2.5, 0.333]],
  [">i8", new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n])],
  ["<u8", new BigUint64Array([0n, 2n ** 64n - 1n, 12345678901234567n])],
  ["<u8", [1, 2 ** 53 - 1]],
  ["<i2", [1, -32768, 32767]],
  ["|b1", new Uint8Array([0, 1, 1, 0])],
  ["|b1", [true, false, 1]],
  ["<c16", new Float64Array([1, -1, Number.NaN, 0, -0, 1e300])],
  [">c8", new Float32Array([0.5, 2, -3, 4])],
  ["|S4", ["", "ab", "éÿ\u0001z", "a\u0000b"]],
  ["<U3", ["😀水", "a", "", "\u{10ffff}x"]],
  [">U2", ["𝄞", "ab"]],
  ["|V2", [new Uint8Array([1, 2]), new Uint8Array([255, 0])]],
  [
    "<M8[ns]",
    new BigInt64Array([dateToDatetime(parseDescr("<M8[ns]"), new Date("2024-02-29T12:00:00Z")), NAT]),
  ],
  [">m8[15m]", new BigInt64Array([4n, -4n, NAT])],
  [
    [
      ["x", "<i4"],
      ["", "|V3"],
      ["y", ">f8", [2]],
      [
        "s",
        [
          ["t", "|S2"],
          ["u", "<U1"],
        ],
      ],
      [["Title", "z"], "|b1"],
    ],
    {
      x: new Int32Array([1, -2]),
      y: new Float64Array([0.5, 1.5, -0.5, Number.NaN]),
      s: { t: ["ok", "é"], u: ["😀", ""] },
      z: new Uint8Array([1, 0]),
    },
  ],
];

describe.skipIf(!hasNumpy)("numpy reads what encode writes", () => {
  it("arrays built from JS values", () => {
    const list = built.map(([descr, data]) => {
      const dtype = parseDescr(descr);
      // what we read back is what numpy must read
      const bytes = encode(dtype, data);
      return { dtype, data: decode(dtype, bytes), n: bytes.length / dtype.itemsize };
    });
    const seen = numpyReads(list);
    list.forEach(({ dtype, data, n }, i) => {
      expect(seen[i]!.values).toEqual(canonical(dtype, data, n));
      expect(seen[i]!.descr).toEqual(asGenerated(dtype.descr));
    });
    expect(seen.length).toBe(built.length);
  });

  it("random dtypes and data (fast-check sample)", () => {
    // numpy never writes a top-level subarray (it folds it into the shape) and misreads one; and it
    // refuses a subarray of a zero-size subarray ("invalid itemsize in generic type tuple")
    const sample = fc
      .sample(cases, { numRuns: 100, seed: 4 })
      .filter(
        (c) => c.dtype.kind !== "subarray" && !/"shape":\[[\d,]*\b0\b/.test(JSON.stringify(c.dtype.descr)),
      );
    expect(sample.length).toBeGreaterThan(40);
    const list = sample.map(({ dtype, bytes, n }) => ({
      dtype,
      data: decode(dtype, bytes, { count: n }),
      n,
    }));
    const seen = numpyReads(list);
    list.forEach(({ dtype, data, n }, i) => {
      const { error, values } = seen[i]!;
      expect([JSON.stringify(dtype.descr), error, values]).toEqual([
        JSON.stringify(dtype.descr),
        undefined,
        canonical(dtype, data, n),
      ]);
      expect([i, seen[i]!.descr]).toEqual([i, asGenerated(dtype.descr)]);
    });
  });

  it("rounds float32 to float16 exactly as numpy's astype('<f2')", () => {
    const rand = fc.sample(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { numRuns: 4000, seed: 7 });
    // edges: halfway cases, subnormal boundaries, overflow, NaN payloads
    const edges = [
      0x33000000, 0x33000001, 0x387fc000, 0x38800000, 0x477fe000, 0x477ff000, 0x7f800001, 0x7fc00000,
      0xffa00000, 0x3f802000, 0x3f806000,
    ];
    const bits = new Uint32Array([...rand, ...edges]);
    const ours = encode(parseDescr("<f2"), new Float32Array(bits.buffer));
    const theirs = python(
      "import sys, numpy as np; sys.stdout.write(np.frombuffer(sys.stdin.buffer.read(), '<f4').astype('<f2').view('<u2').tobytes().hex())",
      new Uint8Array(bits.buffer),
    );
    const hex = Buffer.from(ours).toString("hex");
    for (let i = 0; i < bits.length; i++) {
      expect([bits[i]!.toString(16), hex.slice(4 * i, 4 * i + 4)]).toEqual([
        bits[i]!.toString(16),
        theirs.slice(4 * i, 4 * i + 4),
      ]);
    }
  });
});
