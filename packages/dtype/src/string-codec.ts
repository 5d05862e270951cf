import { byteSwapped } from "./byte-swap.js";
import { badData, type Codec, concatLists, type DecodeOptions } from "./codec.js";
import type { DType, NpyData } from "./dtype.js";
import { FixedStrings } from "./fixed-strings.js";
import { NpyError } from "./npy-error.js";
import { nativeBytes } from "./numeric-codec.js";
import { NATIVE_ORDER } from "./scalar-table.js";

// String.fromCharCode.apply takes one argument per unit; stay well under engines' argument limits
const CHUNK = 8192;

function fromUnits(units: Uint8Array | Uint16Array | Uint32Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i += CHUNK) {
    text += String.fromCharCode.apply(
      null,
      units.subarray(i, Math.min(i + CHUNK, end)) as unknown as number[],
    );
  }
  return text;
}

/** n items of `width` units each (bytes for S, BMP code points for U), trailing NULs stripped. */
function itemsOf(units: Uint8Array | Uint16Array | Uint32Array, n: number, width: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0, start = 0; i < n; i++, start += width) {
    let end = start + width;
    while (end > start && units[end - 1] === 0) end--; // numpy strips trailing NULs from items
    out[i] = fromUnits(units, start, end);
  }
  return out;
}

const tooLong = (where: string, dtype: DType, size: number, unit: string) =>
  new NpyError(
    "LOSSY_CAST",
    `${where}: ${size} ${unit} do not fit '${dtype.descr}' (numpy would cut them off); use a wider dtype`,
  );

const countOf = (dtype: DType, bytes: Uint8Array, options: DecodeOptions): number =>
  dtype.itemsize === 0 ? (options.count ?? 0) : bytes.length / dtype.itemsize;

/** `strings: "fixed"`: the bytes as they are, in a {@link FixedStrings}; else undefined. */
const fixed = (dtype: DType, bytes: Uint8Array, options: DecodeOptions) =>
  options.strings === "fixed"
    ? new FixedStrings(dtype, options.copy ? bytes.slice() : bytes, countOf(dtype, bytes, options))
    : undefined;

/** S items as latin1 strings, or as views of their bytes with `{ bytesAs: "bytes" }`. */
export function decodeBytes(dtype: DType, bytes: Uint8Array, options: DecodeOptions): NpyData {
  const size = dtype.itemsize;
  const n = countOf(dtype, bytes, options);
  const view = fixed(dtype, bytes, options);
  if (view) return view;
  if (options.bytesAs === "bytes") {
    const src = options.copy ? bytes.slice() : bytes;
    return Array.from({ length: n }, (_, i) => src.subarray(i * size, i * size + size));
  }
  return itemsOf(bytes, n, size);
}

function encodeBytes(dtype: DType, data: NpyData, where: string): Uint8Array {
  const list = listOf(dtype, data, where, "a string[] or Uint8Array[]");
  const size = dtype.itemsize;
  const out = new Uint8Array(list.length * size);
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    const at = i * size;
    if (typeof item === "string") {
      if (item.length > size) throw tooLong(`${where} item ${i}`, dtype, item.length, "characters");
      for (let j = 0; j < item.length; j++) {
        const c = item.charCodeAt(j);
        if (c > 0xff) {
          throw new NpyError(
            "BAD_DATA",
            `${where} item ${i}: '${dtype.descr}' holds latin1 bytes (U+0000..U+00FF), found U+${c.toString(16).toUpperCase().padStart(4, "0")} at character ${j}; use a U dtype for other text`,
          );
        }
        out[at + j] = c;
      }
    } else if (ArrayBuffer.isView(item)) {
      const b = new Uint8Array(item.buffer, item.byteOffset, item.byteLength);
      if (b.length > size) throw tooLong(`${where} item ${i}`, dtype, b.length, "bytes");
      out.set(b, at);
    } else throw badData(`${where} item ${i}`, `a string or Uint8Array for '${dtype.descr}'`, item);
  }
  return out;
}

/** U items as JS strings (astral code points as surrogate pairs). */
export function decodeUnicode(dtype: DType, bytes: Uint8Array, options: DecodeOptions): NpyData {
  const view = fixed(dtype, bytes, options);
  if (view) return view;
  const chars = dtype.itemsize / 4;
  const n = countOf(dtype, bytes, options);
  const native = nativeBytes(bytes, 4, dtype.byteOrder !== NATIVE_ORDER);
  const points = new Uint32Array(native.buffer, native.byteOffset, native.length / 4);
  let astral = -1;
  for (let j = 0; j < points.length; j++) {
    if (points[j]! > 0xffff) {
      astral = j;
      break;
    }
  }
  if (astral < 0) return itemsOf(points, n, chars);
  // some items hold code points past U+FFFF: each becomes a surrogate pair, so go through UTF-16
  const units = new Uint16Array(chars * 2); // one item at a time, each unit a surrogate at worst
  const out = new Array<string>(n);
  for (let i = 0, start = 0; i < n; i++, start += chars) {
    let end = start + chars;
    while (end > start && points[end - 1] === 0) end--;
    let k = 0;
    for (let j = start; j < end; j++) {
      const p = points[j]!;
      if (p > 0x10ffff) {
        throw new NpyError(
          "BAD_DATA",
          `element ${i} of '${dtype.descr}' holds ${p.toString(16)}, which is not a Unicode code point (at most 10ffff); the data is corrupt`,
        );
      }
      if (p > 0xffff) {
        units[k++] = 0xd800 + ((p - 0x10000) >> 10);
        units[k++] = 0xdc00 + ((p - 0x10000) & 0x3ff);
      } else units[k++] = p;
    }
    out[i] = fromUnits(units, 0, k);
  }
  return out;
}

function encodeUnicode(dtype: DType, data: NpyData, where: string): Uint8Array {
  const list = listOf(dtype, data, where, "a string[]");
  const chars = dtype.itemsize / 4;
  const points = new Uint32Array(list.length * chars);
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (typeof item !== "string") throw badData(`${where} item ${i}`, `a string for '${dtype.descr}'`, item);
    let k = i * chars;
    const last = k + chars;
    // surrogate pairs become astral code points; a lone surrogate stays itself, as in Python
    for (let j = 0; j < item.length; j++) {
      let p = item.charCodeAt(j);
      if (p >= 0xd800 && p < 0xdc00) {
        const q = item.charCodeAt(j + 1);
        if (q >= 0xdc00 && q < 0xe000) {
          p = 0x10000 + ((p - 0xd800) << 10) + (q - 0xdc00);
          j++;
        }
      }
      if (k === last) throw tooLong(`${where} item ${i}`, dtype, [...item].length, "code points");
      points[k++] = p;
    }
  }
  const bytes = new Uint8Array(points.buffer);
  return dtype.byteOrder === NATIVE_ORDER ? bytes : byteSwapped(bytes, 4, true);
}

/** The items of string data: a plain array as it is, a FixedStrings (of another dtype) decoded. */
function listOf(dtype: DType, data: NpyData, where: string, expected: string): ArrayLike<unknown> {
  if (data instanceof FixedStrings) return data.toArray();
  if (!Array.isArray(data)) throw badData(where, `${expected} for '${dtype.descr}'`, data);
  return data;
}

/** A FixedStrings of exactly this dtype encodes as its own bytes (a view, as numeric data does). */
const sameBytes = (dtype: DType, data: NpyData): Uint8Array | undefined =>
  data instanceof FixedStrings && data.dtype.descr === dtype.descr ? data.bytes : undefined;

const listOps: Pick<Codec, "count" | "slice" | "concat"> = {
  count: (dtype, data, where) =>
    data instanceof FixedStrings ? data.length : (listOf(dtype, data, where, "a string[]").length as number),
  slice: (_dtype, data, start, end) =>
    data instanceof FixedStrings ? data.subarray(start, end) : (data as string[]).slice(start, end),
  concat: (dtype, parts) => {
    if (parts.length > 0 && parts.every((p) => sameBytes(dtype, p))) {
      const bytes = concatLists(
        parts.map((p) => (p as FixedStrings).bytes),
        () => new Uint8Array(0),
      );
      return new FixedStrings(
        dtype,
        bytes,
        parts.reduce((n, p) => n + (p as FixedStrings).length, 0),
      );
    }
    return concatLists(
      parts.map((p) => (p instanceof FixedStrings ? p.toArray() : (p as string[]))),
      () => [],
    );
  },
};

/** `S<n>`: latin1 strings, trailing NULs stripped; or the raw bytes with `{ bytesAs: "bytes" }`. */
export const bytesCodec: Codec = {
  decode: decodeBytes,
  encode: (dtype, data, where) => sameBytes(dtype, data) ?? encodeBytes(dtype, data, where),
  ...listOps,
};

/** `U<n>`: UTF-32 code points to JS strings and back, astral characters included. */
export const unicodeCodec: Codec = {
  decode: decodeUnicode,
  encode: (dtype, data, where) => sameBytes(dtype, data) ?? encodeUnicode(dtype, data, where),
  ...listOps,
};

/** `V<n>`: one `Uint8Array` per element (views on the input unless `{ copy: true }`). */
export const voidCodec: Codec = {
  decode: (dtype, bytes, options) =>
    decodeBytes(dtype, bytes, { ...options, bytesAs: "bytes", strings: "array" }),
  encode: (dtype, data, where) => {
    if (!Array.isArray(data)) throw badData(where, `a Uint8Array[] for '${dtype.descr}'`, data);
    data.forEach((item: unknown, i) => {
      if (!ArrayBuffer.isView(item) || (item as Uint8Array).length !== dtype.itemsize) {
        throw badData(
          `${where} item ${i}`,
          `a Uint8Array of exactly ${dtype.itemsize} bytes for '${dtype.descr}'`,
          item,
        );
      }
    });
    return encodeBytes(dtype, data, where);
  },
  count: (dtype, data, where) => {
    if (!Array.isArray(data)) throw badData(where, `a Uint8Array[] for '${dtype.descr}'`, data);
    return data.length;
  },
  slice: (_dtype, data, start, end) => (data as Uint8Array[]).slice(start, end),
  concat: (_dtype, parts) => concatLists(parts as Uint8Array[][], () => []),
};
