/**
 * castData against numpy's astype, byte for byte, for every pair of numeric dtypes and three byte
 * order combinations: random values plus the edges where casts disagree (NaN payloads, ±inf, the
 * limits of every integer type, values just past them, ties, subnormals). numpy casts every case in
 * one python3 process; each array is also cast one element at a time (numpy's scalar path, which for
 * f4/f8 → u4 differs from its SIMD blocks).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { castData, isExactCast, withByteOrder } from "../src/cast.js";
import { decode, encode, type NpyData, parseDescr } from "../src/index.js";
import { python } from "./python.js";

const hasNumpy = requireNumpy("the castData checks against numpy's astype");

const KEYS = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"];
const ITEMSIZE = (key: string) => Number(key.slice(1));
const descr = (key: string, order: "<" | ">") => `${ITEMSIZE(key) === 1 ? "|" : order}${key}`;

// a seeded generator, so a failure reproduces
let seed = Number(process.env.CAST_SEED ?? 20_2026);
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));

// biome-ignore format: a table of values
const EDGE_NUMBERS = [
  0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 127, 128, -128, -129, 255, 256, 300.5,
  -300.5, 32767, 32768, -32768, -32769, 65535, 65536, 65504, 65519.99, 65520, 70000, -70000, 2 ** 31 - 1,
  2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 31 + 0.5, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, -(2 ** 32),
  2 ** 33 + 7, -(2 ** 33 + 7), 2 ** 24 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63,
  -(2 ** 63), 2 ** 63 + 2048, -(2 ** 63) - 2048, 2 ** 64, -(2 ** 64), 2 ** 64 * 3, 1e10, -1e10, 1e20, -1e20,
  1e300, -1e300, Infinity, -Infinity, Number.NaN, 5e-324, -5e-324, 2.2250738585072014e-308,
  1.401298464324817e-45, 2 ** -24, 2 ** -25, 1.5 * 2 ** -25, 2 ** -14, 6.1e-5, 1 + 2 ** -11,
  1 + 2 ** -11 + 2 ** -30, 1 + 2 ** -24, 1 + 2 ** -24 + 2 ** -50, 3.4028234663852886e38,
  3.4028235677973366e38, 3.4028235677973362e38, 0.1, -0.1, Math.PI,
];
// biome-ignore format: a table of values
const EDGE_BIGINTS = [
  0n, 1n, -1n, 127n, 128n, -128n, 255n, 256n, 32767n, -32768n, 65535n, 65536n, 2n ** 31n - 1n, -(2n ** 31n),
  2n ** 32n - 1n, 2n ** 32n, 2n ** 24n + 1n, 2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 53n + 3n, 2n ** 54n + 6n,
  2n ** 63n - 1n, -(2n ** 63n), -(2n ** 63n) + 1n, 2n ** 64n - 1n, 2n ** 64n - 2049n,
  // float32 ties above 2^53, where rounding twice (through float64) goes wrong
  2n ** 60n + 2n ** 36n + 1n, 2n ** 60n + 2n ** 36n, 2n ** 60n + 3n * 2n ** 36n,
  -(2n ** 60n + 2n ** 36n + 1n), 2n ** 62n + 2n ** 38n + 2n ** 9n, 2n ** 55n + 2n ** 31n + 1n,
  12345678901234567n,
];
// NaNs with payloads, signaling and negative, as bits
const NAN_F2 = [0x7e00, 0xfe00, 0x7c01, 0xfc01, 0x7d55, 0x7fff];
const NAN_F4 = [0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fc00001, 0x7fa00000, 0x7fffffff];
// biome-ignore format: a table of values
const NAN_F8 = [
  0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff0000000000001n, 0xfff0000000000001n, 0x7ff4000000000000n,
  0x7ff80000e0000000n, 0x7fffffffffffffffn, 0x7ff0000000002000n,
];

/** Random plus edge elements of `key`, as native-endian bytes. */
function sourceBytes(key: string, count: number): Uint8Array {
  const size = ITEMSIZE(key);
  const noise = randomBytes(count * size);
  const parts: Uint8Array[] = [];
  const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (key === "b1") parts.push(Uint8Array.from([0, 1]));
  else if (key === "i8" || key === "u8") {
    const A = key === "i8" ? BigInt64Array : BigUint64Array;
    parts.push(
      bytesOf(
        A.from(
          EDGE_BIGINTS.flatMap((b) => [b, -b]).map((b) =>
            key === "i8" ? BigInt.asIntN(64, b) : BigInt.asUintN(64, b),
          ),
        ),
      ),
    );
  } else if (key[0] === "i" || key[0] === "u") {
    const bits = 8 * size;
    const wrap = (b: bigint) => Number(key[0] === "i" ? BigInt.asIntN(bits, b) : BigInt.asUintN(bits, b));
    const A = {
      i1: Int8Array,
      u1: Uint8Array,
      i2: Int16Array,
      u2: Uint16Array,
      i4: Int32Array,
      u4: Uint32Array,
    }[key]!;
    parts.push(bytesOf(A.from(EDGE_BIGINTS.flatMap((b) => [wrap(b), wrap(-b)]))));
  } else {
    const half = key === "f2";
    const single = key === "f4" || key === "c8";
    const edges = half
      ? bytesOf(
          Uint16Array.from([
            ...NAN_F2,
            0x0001,
            0x8001,
            0x03ff,
            0x0400,
            0x7bff,
            0xfbff,
            0x3c00,
            0x3800,
            0x3e00,
            0x4100,
            0x5bf8,
            0x5c00,
          ]),
        )
      : single
        ? bytesOf(Uint32Array.from(NAN_F4))
        : bytesOf(BigUint64Array.from(NAN_F8));
    const numbers = half
      ? new Uint8Array(0)
      : bytesOf(single ? Float32Array.from(EDGE_NUMBERS) : Float64Array.from(EDGE_NUMBERS));
    parts.push(edges, numbers);
    // values of every magnitude: a random significand times 2^k for k across the integer ranges
    const spread = Array.from({ length: count }, () => (random() - 0.5) * 2 ** Math.floor(random() * 70));
    if (!half) parts.push(bytesOf(single ? Float32Array.from(spread) : Float64Array.from(spread)));
    if (key === "c8" || key === "c16") {
      // complex: also (edge, 0) and (0, edge) pairs, so each edge meets a zero imaginary part
      const A = single ? Float32Array : Float64Array;
      parts.push(bytesOf(A.from(EDGE_NUMBERS.flatMap((x) => [x, 0, 0, x]))));
    }
  }
  // numpy writes bools as 0 and 1 (decode reads any other byte as 1)
  parts.push(key === "b1" ? noise.map((b) => b & 1) : noise);
  const total = parts.reduce((s, p) => s + p.length, 0);
  // a length of 3 mod 4 elements leaves a tail after numpy's blocks of 4
  const elements = Math.floor(total / size);
  const n = elements - ((elements + 1) % 4);
  const out = new Uint8Array(n * size);
  let at = 0;
  for (const p of parts) {
    const take = Math.min(p.length, out.length - at);
    out.set(p.subarray(0, take), at);
    at += take;
  }
  return out;
}

const swapped = (bytes: Uint8Array, key: string) => {
  const width = key[0] === "c" ? ITEMSIZE(key) / 2 : ITEMSIZE(key);
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width)
    for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b]!;
  return out;
};

interface Case {
  from: string;
  to: string;
  src: string;
  n: number;
}

const ORDERS = [
  ["<", "<"],
  ["<", ">"],
  [">", "<"],
] as const;

// shorter arrays, where numpy's loop starts with fewer SIMD blocks (c16 → u4 needs 6 elements)
const PREFIXES = [4, 5, 6, 9, 130];

// numpy casts each whole array, its first PREFIXES elements, then each element alone (its scalar
// loop), and appends the bytes
const CASTER = `
import json, sys, warnings
import numpy as np
warnings.simplefilter("ignore")  # ComplexWarning, and invalid-value warnings for NaN and inf
cases = json.load(open(sys.argv[1]))
with open(sys.argv[2], "wb") as out:
    for c in cases:
        a = np.fromfile(c["src"], dtype=c["from"])
        out.write(a.astype(c["to"]).tobytes())
        for n in ${JSON.stringify(PREFIXES)}:
            out.write(a[:n].astype(c["to"]).tobytes())
        for k in range(len(a)):
            out.write(a[k:k + 1].astype(c["to"]).tobytes())
`;

const dir = mkdtempSync(join(tmpdir(), "npyio-cast-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The source bytes of every key in both byte orders, written once. */
const sources = new Map<string, { bytes: Uint8Array; path: string; n: number }>();
for (const key of KEYS) {
  const bytes = sourceBytes(key, 96);
  for (const order of ["<", ">"] as const) {
    const d = descr(key, order);
    const path = join(dir, `${order === "<" ? "le" : "be"}-${key}.bin`);
    const data = order === "<" ? bytes : swapped(bytes, key);
    writeFileSync(path, data);
    sources.set(d, { bytes: data, path, n: bytes.length / ITEMSIZE(key) });
  }
}

const cases: Case[] = KEYS.flatMap((from) =>
  KEYS.flatMap((to) =>
    ORDERS.map(([a, b]) => {
      const source = sources.get(descr(from, a))!;
      return { from: descr(from, a), to: descr(to, b), src: source.path, n: source.n };
    }),
  ),
);

const castBytes = (bytes: Uint8Array, from: string, to: string, n: number): Uint8Array => {
  const fromType = parseDescr(from);
  const toType = parseDescr(to);
  const data = decode(fromType, bytes, { copy: true }) as NpyData;
  return encode(toType, castData(data, fromType, toType, { count: n }) as never);
};

/** What numpy's astype gives for every case: the whole array, then each element alone. */
function numpyResults(): Uint8Array {
  const manifest = join(dir, "cases.json");
  const results = join(dir, "results.bin");
  writeFileSync(manifest, JSON.stringify(cases));
  python(
    `${CASTER}`
      .replace("sys.argv[1]", JSON.stringify(manifest))
      .replace("sys.argv[2]", JSON.stringify(results)),
  );
  return new Uint8Array(readFileSync(results));
}

/** Which input element the `i`th result element comes from, and how numpy was casting it. */
function origin(c: Case, i: number): [number, string] {
  if (i < c.n) return [i, "in the whole array"];
  let at = c.n;
  for (const n of PREFIXES) {
    if (i < at + n) return [i - at, `in the first ${n}`];
    at += n;
  }
  return [i - at, "alone"];
}

/** A readable account of the first elements where `got` and `want` differ. */
function differences(c: Case, input: Uint8Array, got: Uint8Array, want: Uint8Array): string[] {
  const fromSize = ITEMSIZE(c.from.slice(1));
  const toSize = ITEMSIZE(c.to.slice(1));
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const out: string[] = [];
  for (let i = 0; i < got.length / toSize && out.length < 5; i++) {
    const g = hex(got.subarray(i * toSize, (i + 1) * toSize));
    const w = hex(want.subarray(i * toSize, (i + 1) * toSize));
    const [k, how] = origin(c, i);
    const x = hex(input.subarray(k * fromSize, (k + 1) * fromSize));
    if (g !== w) out.push(`${c.from} → ${c.to}, element ${k} (bytes ${x}) ${how}: got ${g}, numpy ${w}`);
  }
  return out;
}

describe("castData is numpy's astype on x86-64", () => {
  it.skipIf(!hasNumpy)(
    `matches numpy byte for byte for all ${KEYS.length ** 2} pairs × ${ORDERS.length} byte orders, whole arrays, prefixes and element by element`,
    () => {
      const want = numpyResults();
      let at = 0;
      const failures: string[] = [];
      for (const c of cases) {
        const input = sources.get(c.from)!.bytes;
        const size = ITEMSIZE(c.from.slice(1));
        const whole = castBytes(input, c.from, c.to, c.n);
        const singles = Array.from({ length: c.n }, (_, k) =>
          castBytes(input.subarray(k * size, (k + 1) * size), c.from, c.to, 1),
        );
        const prefixes = PREFIXES.map((n) => castBytes(input.subarray(0, n * size), c.from, c.to, n));
        const parts = [whole, ...prefixes, ...singles];
        const got = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
        let o = 0;
        for (const s of parts) {
          got.set(s, o);
          o += s.length;
        }
        const expected = want.subarray(at, at + got.length);
        at += got.length;
        if (Buffer.compare(got, expected) !== 0) failures.push(...differences(c, input, got, expected));
      }
      expect(at, "numpy returned as many bytes as the cases need").toBe(want.length);
      expect(failures).toEqual([]);
    },
  );

  it("casts a chunk at an offset as numpy casts the whole array (f8 → u4's blocks of 4)", () => {
    const values = Float64Array.from([Number.NaN, 1e10, -1e10, 2 ** 32 + 5, -(2 ** 31) - 1, 3, Number.NaN]);
    const f8 = parseDescr("<f8");
    const u4 = parseDescr("<u4");
    const whole = castData(values, f8, u4) as Uint32Array;
    const pieces = [
      [0, 2],
      [2, 5],
      [5, 7],
    ].map(([start, end]) =>
      Array.from(castData(values.subarray(start, end), f8, u4, { offset: start, count: 7 }) as Uint32Array),
    );
    expect(pieces.flat()).toEqual(Array.from(whole));
    // the first 4 take the SIMD path (NaN → 2^31), the last 3 the scalar one (NaN → 0)
    expect(whole[0]).toBe(2 ** 31);
    expect(whole[6]).toBe(0);
  });

  it("gives the README's examples (each also among the numpy-checked edges above)", () => {
    const [f8, i2, i4, u4, u8] = ["<f8", "<i2", "<i4", "<u4", "<u8"].map((d) => parseDescr(d));
    const values = Float64Array.of(1e10, -1.7, Number.NaN);
    expect(Array.from(castData(values, f8!, i2!) as Int16Array)).toEqual([0, -1, 0]);
    expect(Array.from(castData(values, f8!, i4!) as Int32Array)).toEqual([-(2 ** 31), -1, -(2 ** 31)]);
    expect(Array.from(castData(BigUint64Array.of(2n ** 53n + 1n), u8!, u4!) as Uint32Array)).toEqual([1]);
    const toU8 = castData(Float64Array.of(2 ** 63, Number.NaN, -Infinity, -1, 2 ** 64, Infinity), f8!, u8!);
    expect(Array.from(toU8 as BigUint64Array)).toEqual([
      2n ** 63n,
      2n ** 63n,
      2n ** 63n,
      2n ** 64n - 1n,
      0n,
      0n,
    ]);
    // NaN and 1e10 in a SIMD block of 4, then one at a time
    const blocks = castData(Float64Array.of(Number.NaN, 1e10, 0, 0, Number.NaN, 1e10), f8!, u4!);
    expect(Array.from(blocks as Uint32Array)).toEqual([2 ** 31, 0, 0, 0, 0, 1410065408]);
  });

  it("refuses non-numeric dtypes and long double (UNSUPPORTED_DTYPE), wrong data (BAD_DATA), a bad position (INVALID_ARGUMENT)", () => {
    const f8 = parseDescr("<f8");
    expect(() => castData(["a"], parseDescr("<U1"), f8)).toThrow(
      expect.objectContaining({ code: "UNSUPPORTED_DTYPE" }),
    );
    expect(() => castData(new Float64Array(1), f8, parseDescr("<f16", { longDouble: "float64" }))).toThrow(
      expect.objectContaining({ code: "UNSUPPORTED_DTYPE", message: expect.stringContaining("long double") }),
    );
    expect(() => castData(new Int32Array(1), f8, parseDescr("<i4"))).toThrow(
      expect.objectContaining({ code: "BAD_DATA" }),
    );
    const u4 = parseDescr("<u4");
    for (const position of [{ offset: -1 }, { offset: 2, count: 2 }, { count: Number.NaN }]) {
      expect(() => castData(new Float64Array(1), f8, u4, position), JSON.stringify(position)).toThrow(
        expect.objectContaining({ code: "INVALID_ARGUMENT" }),
      );
    }
    expect(() => castData(new Float32Array(3), parseDescr("<c8"), f8)).toThrow(
      expect.objectContaining({ code: "BAD_DATA" }),
    );
  });
});

describe("isExactCast", () => {
  it.skipIf(!hasNumpy)("is numpy's can_cast 'safe' except i8/u8 → f8/c16, which numpy calls safe", () => {
    const safe = JSON.parse(
      python(
        `import json, numpy as np\nk = ${JSON.stringify(KEYS)}\nprint(json.dumps([[bool(np.can_cast(a, b, "safe")) for b in k] for a in k]))`,
      ),
    ) as boolean[][];
    const differ: string[] = [];
    for (const [i, a] of KEYS.entries()) {
      for (const [j, b] of KEYS.entries()) {
        const exact = isExactCast(parseDescr(descr(a, "<")), parseDescr(descr(b, ">")));
        if (exact !== safe[i]![j]) differ.push(`${a}→${b}`);
      }
    }
    expect(differ.sort()).toEqual(["i8→c16", "i8→f8", "u8→c16", "u8→f8"]);
  });
});

describe("withByteOrder", () => {
  it("sets every multi-byte scalar, in fields and subarrays, and leaves | types", () => {
    expect(withByteOrder("<f8", ">")).toBe(">f8");
    expect(withByteOrder("|u1", ">")).toBe("|u1");
    expect(
      withByteOrder(
        [
          ["a", ">i4"],
          ["b", "|S3"],
          ["c", "<f2", [2]],
        ],
        "<",
      ),
    ).toEqual([
      ["a", "<i4"],
      ["b", "|S3"],
      ["c", "<f2", [2]],
    ]);
    expect(withByteOrder({ base: ">u2", shape: [3] }, "<")).toEqual({ base: "<u2", shape: [3] });
    const native = endianness() === "LE" ? "<" : ">";
    expect(withByteOrder(">c16", "=")).toBe(`${native}c16`);
    expect(() => withByteOrder("<f8", "sideways" as "<")).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});
