/**
 * Maps decoded data to the canonical form of fixtures/expected.json (docs/ARCHITECTURE.md), written
 * independently of the package's own converters so the fixture tests check them.
 */
import type { CanonicalValue } from "../../../fixtures/index.js";
import type { DType, NpyData, NpyRecord } from "../src/index.js";

const hex = (n: number | bigint, digits: number) => `0x${n.toString(16).padStart(digits, "0")}`;

/** float16 bits of a float32 that holds an exact float16 value (throws if it does not). */
export function halfBitsOf(single: number): number {
  const sign = (single >>> 31) << 15;
  const exp = (single >>> 23) & 0xff;
  const man = single & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (man >>> 13);
  if (exp === 0 && man === 0) return sign;
  const e = exp - 127;
  const full = man | 0x800000;
  const shift = e >= -14 ? 13 : -1 - e;
  if (full % 2 ** shift !== 0) throw new Error(`float32 bits ${hex(single, 8)} are not an exact float16`);
  return e >= -14 ? sign | ((e + 15) << 10) | (man >>> 13) : sign | (full >>> shift);
}

function floatBits(data: ArrayBufferView, itemsize: number): string[] {
  const tag = Object.prototype.toString.call(data).slice(8, -1);
  if (itemsize === 2 && tag === "Float32Array") {
    const words = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    return Array.from(words, (w) => hex(halfBitsOf(w), 4));
  }
  const width = itemsize === 2 ? 2 : (data as Float32Array).BYTES_PER_ELEMENT;
  const Ints = { 2: Uint16Array, 4: Uint32Array, 8: BigUint64Array }[width]!;
  const ints = new Ints(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength / width);
  return Array.from(ints as ArrayLike<number | bigint>, (b) => hex(b, width * 2));
}

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** One canonical value per element of `dtype` in `data`. */
export function canonical(dtype: DType, data: NpyData, count?: number): CanonicalValue[] {
  switch (dtype.kind) {
    case "b":
      return Array.from(data as Uint8Array);
    case "i":
    case "u":
    case "M":
    case "m":
      return Array.from(data as ArrayLike<number | bigint>, (v) => String(v));
    case "f":
      return floatBits(data as ArrayBufferView, dtype.itemsize);
    case "c": {
      const bits = floatBits(data as ArrayBufferView, dtype.itemsize / 2);
      return Array.from({ length: bits.length / 2 }, (_, i) => [bits[2 * i]!, bits[2 * i + 1]!]);
    }
    case "S":
    case "U":
      return [...(data as string[])];
    case "V":
      return (data as Uint8Array[]).map((b) =>
        Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""),
      );
    case "subarray":
      return canonical(dtype.base, data, count === undefined ? undefined : count * product(dtype.shape));
    case "struct": {
      const record = data as NpyRecord;
      const first = dtype.fields.find((f) => product(f.shape) > 0);
      const n =
        count ?? (first ? canonical(first.dtype, record[first.name]!).length / product(first.shape) : 0);
      const cols = dtype.fields.map((f) => ({
        f,
        p: product(f.shape),
        vals: canonical(f.dtype, record[f.name]!, n * product(f.shape)),
      }));
      return Array.from({ length: n }, (_, i) => {
        const out: Record<string, CanonicalValue> = {};
        for (const { f, p, vals } of cols) {
          if (f.name === "") continue;
          out[f.name] = f.shape.length === 0 ? vals[i]! : vals.slice(i * p, (i + 1) * p);
        }
        return out;
      });
    }
    case "O":
      throw new Error("object arrays have no canonical form (compare them through their JSON rendering)");
  }
}
