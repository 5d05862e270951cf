/** fast-check arbitraries for random dtypes and bytes numpy could have written for them. */
import fc from "fast-check";
import { type Descr, type DescrField, type DType, parseDescr } from "../src/index.js";

const order = fc.constantFrom("<", ">");
// field names: short, with non-ASCII and astral characters (numpy writes those in a 3.0 header)
const names = fc.stringMatching(/^[a-zé😀]{1,3}$/u);
const scalar: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("|b1", "|i1", "|u1"),
  fc
    .tuple(order, fc.constantFrom("i2", "i4", "i8", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"))
    .map(([o, k]) => o + k),
  fc.tuple(order, fc.constantFrom("M8[ns]", "m8[s]", "M8[25s]", "M8", "m8[3W]")).map(([o, k]) => o + k),
  fc.integer({ min: 1, max: 6 }).map((n) => `|S${n}`),
  fc.tuple(order, fc.integer({ min: 1, max: 4 })).map(([o, n]) => `${o}U${n}`),
  fc.integer({ min: 1, max: 5 }).map((n) => `|V${n}`),
);
const shape = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 });

/** Random descrs: every kind and byte order, nested structs, titles, padding, subarrays. */
export const { descr } = fc.letrec<{ descr: Descr; struct: DescrField[] }>((tie) => ({
  descr: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    scalar,
    tie("struct"),
    fc.record({ base: tie("descr"), shape }),
  ),
  struct: fc
    .uniqueArray(
      fc.tuple(
        names,
        fc.boolean(),
        tie("descr"),
        fc.option(shape, { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
      ),
      { selector: (f) => f[0], minLength: 1, maxLength: 4 },
    )
    .map((fields) =>
      fields.flatMap(([name, titled, d, s, pad]): DescrField[] => {
        const n = titled ? ([`T${name}`, name] as [string, string]) : name;
        const field: DescrField = s ? [n, d, s] : [n, d];
        return pad ? [field, ["", `|V${pad}`]] : [field];
      }),
    ),
}));

/** mulberry32: bytes from a seed fast-check chooses (and can replay). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const product = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Bytes numpy could have written for n elements: any bits, except bools are 0/1, code points valid, padding 0. */
export function validBytes(dtype: DType, n: number, rand: () => number): Uint8Array {
  const out = new Uint8Array(n * dtype.itemsize);
  if (dtype.kind === "subarray") return validBytes(dtype.base, n * product(dtype.shape), rand);
  if (dtype.kind === "struct") {
    for (const f of dtype.fields) {
      const size = f.dtype.itemsize * product(f.shape);
      const part = validBytes(f.dtype, n * product(f.shape), rand);
      for (let i = 0; i < n; i++)
        out.set(part.subarray(i * size, (i + 1) * size), i * dtype.itemsize + f.offset);
    }
    return out;
  }
  if (dtype.kind === "U") {
    const view = new DataView(out.buffer);
    for (let i = 0; i < out.length; i += 4) {
      // mostly ASCII and zeros, sometimes astral, up to U+10FFFF
      const r = rand();
      const p = r < 0.3 ? 0 : r < 0.8 ? 32 + Math.floor(rand() * 95) : Math.floor(rand() * 0x110000);
      view.setUint32(i, p, dtype.byteOrder === "<");
    }
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    out[i] = dtype.kind === "b" ? (rand() < 0.5 ? 1 : 0) : rand() < 0.2 ? 0 : Math.floor(rand() * 256);
  }
  return out;
}

/** Whether data of this dtype can tell its element count (not when every field holds zero elements). */
export function countable(dtype: DType): boolean {
  if (dtype.kind === "subarray") return product(dtype.shape) > 0 && countable(dtype.base);
  if (dtype.kind === "struct") return dtype.fields.some((f) => product(f.shape) > 0 && countable(f.dtype));
  return true;
}

export const cases = fc
  .record({
    descr,
    n: fc.integer({ min: 0, max: 6 }),
    seed: fc.integer(),
    offset: fc.integer({ min: 0, max: 7 }),
    float16: fc.constantFrom("auto", "float32", "bits") as fc.Arbitrary<"auto" | "float32" | "bits">,
    bytesAs: fc.constantFrom("string", "bytes") as fc.Arbitrary<"string" | "bytes">,
    copy: fc.boolean(),
    inPlace: fc.boolean(),
  })
  .map((c) => {
    const dtype = parseDescr(c.descr);
    const bytes = validBytes(dtype, c.n, random(c.seed));
    // the same bytes at an arbitrary (often unaligned) offset inside a larger buffer
    const at = new Uint8Array(bytes.length + c.offset + 3).subarray(c.offset, c.offset + bytes.length);
    at.set(bytes);
    return { ...c, dtype, bytes: at };
  });
