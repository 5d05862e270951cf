import { badData, type Codec } from "./codec.js";
import type { DType, DTypeField, NpyData, NpyRecord, StructDType, SubarrayDType } from "./dtype.js";
import { NpyError } from "./npy-error.js";

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

const fieldSize = (f: DTypeField): number => f.dtype.itemsize * product(f.shape);

/**
 * Copies `n` runs of `size` bytes from `from` (every `fromStride` bytes from `fromAt`) to `to`
 * (every `toStride` from `toAt`): gathers one field out of every record, or scatters it back.
 * Where every offset and stride allows, it moves 32- or 16-bit words instead of bytes (integer
 * words: float views could change NaN payloads), several times faster for the usual 4- and 8-byte
 * fields.
 */
function copyRuns(
  from: Uint8Array,
  fromStride: number,
  fromAt: number,
  to: Uint8Array,
  toStride: number,
  toAt: number,
  n: number,
  size: number,
): Uint8Array {
  if (size > 32) {
    for (let i = 0, a = fromAt, b = toAt; i < n; i++, a += fromStride, b += toStride) {
      to.set(from.subarray(a, a + size), b);
    }
    return to;
  }
  const fits = (w: number) =>
    (from.byteOffset | fromStride | fromAt | to.byteOffset | toStride | toAt | size) % w === 0;
  const w = fits(4) ? 4 : fits(2) ? 2 : 1;
  const View = (w === 4 ? Uint32Array : w === 2 ? Uint16Array : Uint8Array) as typeof Uint8Array;
  const src = new View(from.buffer, from.byteOffset, Math.floor(from.length / w));
  const dst = new View(to.buffer, to.byteOffset, Math.floor(to.length / w));
  const [fs, fa, ts, ta, k] = [fromStride / w, fromAt / w, toStride / w, toAt / w, size / w];
  if (k === 1) {
    for (let i = 0, a = fa, b = ta; i < n; i++, a += fs, b += ts) dst[b] = src[a]!;
  } else {
    for (let i = 0, a = fa, b = ta; i < n; i++, a += fs, b += ts) {
      for (let j = 0; j < k; j++) dst[b + j] = src[a + j]!;
    }
  }
  return to;
}

function columns(data: NpyData, where: string): NpyRecord {
  if (typeof data !== "object" || data === null || Array.isArray(data) || ArrayBuffer.isView(data)) {
    throw badData(where, `an object of columns keyed by field name for a struct`, data);
  }
  return data as NpyRecord;
}

/** How a struct or subarray codec finds the codec of a field or base dtype (the codec table's lookup). */
export type CodecFor = (dtype: DType) => Codec;

/**
 * Structs: one column per named field; padding bytes are skipped on decode and written as zeros.
 * Each field goes through the codec `codecFor` gives: the table passes its own lookup in, so this
 * module does not import the table that imports it.
 */
export function structCodec(codecFor: CodecFor): Codec {
  function structCount(dtype: DType, data: NpyData, where: string): number | undefined {
    const record = columns(data, where);
    for (const f of (dtype as StructDType).fields) {
      const per = product(f.shape);
      const column = record[f.name];
      if (per === 0 || column === undefined) continue;
      const count = codecFor(f.dtype).count(f.dtype, column, `${where} field '${f.name}'`);
      if (count !== undefined) return Math.floor(count / per);
    }
    return undefined; // every field holds zero elements per record: only the header's shape can tell
  }
  return {
    decode(dtype, bytes, options) {
      const { fields, itemsize } = dtype as StructDType;
      const n = itemsize === 0 ? (options.count ?? 0) : bytes.length / itemsize;
      const out: NpyRecord = {};
      for (const f of fields) {
        const size = fieldSize(f);
        // a field spanning the whole record can view the input; others are gathered into fresh memory
        const whole = size === itemsize;
        const part = whole
          ? bytes
          : copyRuns(bytes, itemsize, f.offset, new Uint8Array(n * size), size, 0, n, size);
        const count = n * product(f.shape);
        // gathered bytes are ours: later steps may swap them in place
        out[f.name] = codecFor(f.dtype).decode(f.dtype, part, {
          ...options,
          count,
          copy: whole && options.copy,
          inPlace: whole ? options.inPlace : true,
        });
      }
      return out;
    },
    encode(dtype, data, where, count) {
      const { fields, itemsize } = dtype as StructDType;
      const record = columns(data, where);
      const known = new Set(fields.map((f) => f.name));
      const extra = Object.keys(record).filter((k) => !known.has(k));
      if (extra.length > 0) {
        throw badData(
          where,
          `only the fields [${[...known].join(", ")}] of '${JSON.stringify(dtype.descr)}'`,
          data,
        );
      }
      const n = structCount(dtype, data, where) ?? count ?? 0;
      const out = new Uint8Array(n * itemsize);
      for (const f of fields) {
        const at = `${where} field '${f.name}'`;
        const column = record[f.name];
        if (column === undefined) throw badData(at, `a column for field '${f.name}'`, column);
        const size = fieldSize(f);
        const part = codecFor(f.dtype).encode(f.dtype, column, at, n * product(f.shape));
        if (part.length !== n * size) {
          throw new NpyError(
            "SHAPE_MISMATCH",
            `${at}: expected ${n * product(f.shape)} elements (${n} records × ${product(f.shape)}), found ${part.length / (f.dtype.itemsize || 1)}; every column needs the same number of records`,
          );
        }
        copyRuns(part, size, 0, out, itemsize, f.offset, n, size);
      }
      return out;
    },
    count: structCount,
    slice(dtype, data, start, end) {
      const record = data as NpyRecord;
      const out: NpyRecord = {};
      for (const f of (dtype as StructDType).fields) {
        const per = product(f.shape);
        out[f.name] = codecFor(f.dtype).slice(f.dtype, record[f.name]!, start * per, end * per);
      }
      return out;
    },
    concat(dtype, parts) {
      const out: NpyRecord = {};
      for (const f of (dtype as StructDType).fields) {
        out[f.name] = codecFor(f.dtype).concat(
          f.dtype,
          parts.map((p) => (p as NpyRecord)[f.name]!),
        );
      }
      return out;
    },
  };
}

/** A top-level subarray is its base dtype with `prod(shape)` times the elements (see {@link structCodec}). */
export function subarrayCodec(codecFor: CodecFor): Codec {
  return {
    decode: (dtype, bytes, options) => {
      const { base, shape } = dtype as SubarrayDType;
      const count = options.count === undefined ? undefined : options.count * product(shape);
      return codecFor(base).decode(base, bytes, { ...options, count });
    },
    encode: (dtype, data, where, count) => {
      const { base, shape } = dtype as SubarrayDType;
      const per = product(shape);
      const have = codecFor(base).count(base, data, where);
      if (per > 0 && have !== undefined && have % per !== 0) {
        throw badData(where, `a multiple of ${per} elements (subarray shape [${shape}])`, data);
      }
      return codecFor(base).encode(base, data, where, count === undefined ? undefined : count * per);
    },
    count: (dtype, data, where) => {
      const { base, shape } = dtype as SubarrayDType;
      const per = product(shape);
      const have = codecFor(base).count(base, data, where);
      return per === 0 || have === undefined ? undefined : Math.floor(have / per);
    },
    slice: (dtype, data, start, end) => {
      const { base, shape } = dtype as SubarrayDType;
      const per = product(shape);
      return codecFor(base).slice(base, data, start * per, end * per);
    },
    concat: (dtype, parts) => {
      const { base } = dtype as SubarrayDType;
      return codecFor(base).concat(base, parts);
    },
  };
}
