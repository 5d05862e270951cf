import { NpyError } from "@npyio/header";
import { byteSwapped } from "./byte-swap.js";
import { badData, type Codec, concatLists, type DecodeOptions, sliceList } from "./codec.js";
import type { DType, NpyData } from "./dtype.js";
import { nativeBytes } from "./numeric-codec.js";
import { NATIVE_ORDER } from "./scalar-table.js";

// String.fromCharCode.apply takes one argument per unit; stay well under engines' argument limits
const CHUNK = 8192;

function fromUnits(units: ArrayLike<number>, start: number, end: number): string {
  if (end - start <= CHUNK) {
    return String.fromCharCode.apply(
      null,
      sliceList(units as Uint16Array, start, end) as unknown as number[],
    );
  }
  let text = "";
  for (let i = start; i < end; i += CHUNK) text += fromUnits(units, i, Math.min(i + CHUNK, end));
  return text;
}

function checkStrings(dtype: DType, data: NpyData, where: string): string[] {
  if (!Array.isArray(data)) throw badData(where, `a string[] for '${dtype.descr}'`, data);
  return data as string[];
}

const tooLong = (where: string, dtype: DType, size: number, unit: string) =>
  new NpyError(
    "LOSSY_CAST",
    `${where}: ${size} ${unit} do not fit '${dtype.descr}' (numpy would cut them off); use a wider dtype`,
  );

function decodeBytes(dtype: DType, bytes: Uint8Array, options: DecodeOptions) {
  const size = dtype.itemsize;
  const n = size === 0 ? (options.count ?? 0) : bytes.length / size;
  if (options.bytesAs === "bytes") {
    const src = options.copy ? byteSwapped(bytes, 1) : bytes;
    return Array.from({ length: n }, (_, i) => src.subarray(i * size, i * size + size));
  }
  const out = new Array<string>(n);
  for (let i = 0, start = 0; i < n; i++, start += size) {
    let end = start + size;
    while (end > start && bytes[end - 1] === 0) end--; // numpy strips trailing NULs from S items
    out[i] = fromUnits(bytes, start, end);
  }
  return out;
}

function encodeBytes(dtype: DType, data: NpyData, where: string): Uint8Array {
  if (!Array.isArray(data)) throw badData(where, `a string[] or Uint8Array[] for '${dtype.descr}'`, data);
  const size = dtype.itemsize;
  const out = new Uint8Array(data.length * size);
  data.forEach((item: unknown, i) => {
    const at = `${where} item ${i}`;
    if (item instanceof Uint8Array || ArrayBuffer.isView(item)) {
      const b = item as Uint8Array;
      if (b.length > size) throw tooLong(at, dtype, b.length, "bytes");
      out.set(b, i * size);
      return;
    }
    if (typeof item !== "string") throw badData(at, `a string or Uint8Array for '${dtype.descr}'`, item);
    if (item.length > size) throw tooLong(at, dtype, item.length, "characters");
    for (let j = 0; j < item.length; j++) {
      const c = item.charCodeAt(j);
      if (c > 0xff) {
        throw new NpyError(
          "BAD_DATA",
          `${at}: '${dtype.descr}' holds latin1 bytes (U+0000..U+00FF), found U+${c.toString(16).toUpperCase().padStart(4, "0")} at character ${j}; use a U dtype for other text`,
        );
      }
      out[i * size + j] = c;
    }
  });
  return out;
}

function decodeUnicode(dtype: DType, bytes: Uint8Array, options: DecodeOptions) {
  const chars = dtype.itemsize / 4;
  const n = chars === 0 ? (options.count ?? 0) : bytes.length / dtype.itemsize;
  const native = nativeBytes(bytes, 4, dtype.byteOrder !== NATIVE_ORDER);
  const points = new Uint32Array(native.buffer, native.byteOffset, native.length / 4);
  const out = new Array<string>(n);
  const units: number[] = [];
  for (let i = 0, start = 0; i < n; i++, start += chars) {
    let end = start + chars;
    while (end > start && points[end - 1] === 0) end--;
    units.length = 0;
    let astral = false;
    for (let j = start; j < end; j++) {
      const p = points[j]!;
      if (p > 0xffff) {
        if (p > 0x10ffff) {
          throw new NpyError(
            "BAD_DATA",
            `element ${i} of '${dtype.descr}' holds ${p.toString(16)}, which is not a Unicode code point (at most 10ffff); the data is corrupt`,
          );
        }
        astral = true;
        units.push(0xd800 + ((p - 0x10000) >> 10), 0xdc00 + ((p - 0x10000) & 0x3ff));
      } else units.push(p);
    }
    out[i] =
      astral || units.length > CHUNK ? fromUnits(units, 0, units.length) : String.fromCharCode(...units);
  }
  return out;
}

function encodeUnicode(dtype: DType, data: NpyData, where: string): Uint8Array {
  const list = checkStrings(dtype, data, where);
  const chars = dtype.itemsize / 4;
  const points = new Uint32Array(list.length * chars);
  list.forEach((item, i) => {
    if (typeof item !== "string") throw badData(`${where} item ${i}`, `a string for '${dtype.descr}'`, item);
    let k = i * chars;
    // codePointAt pairs surrogates into astral code points; a lone surrogate stays itself, as in Python
    for (let j = 0; j < item.length; j++) {
      const p = item.codePointAt(j)!;
      if (p > 0xffff) j++;
      if (k === (i + 1) * chars) throw tooLong(`${where} item ${i}`, dtype, [...item].length, "code points");
      points[k++] = p;
    }
  });
  const bytes = new Uint8Array(points.buffer);
  return dtype.byteOrder === NATIVE_ORDER ? bytes : byteSwapped(bytes, 4, true);
}

const listOps: Pick<Codec, "count" | "slice" | "concat"> = {
  count: (dtype, data, where) => checkStrings(dtype, data, where).length,
  slice: (_dtype, data, start, end) => (data as string[]).slice(start, end),
  concat: (_dtype, parts) => concatLists(parts as string[][], () => []),
};

/** `S<n>`: latin1 strings, trailing NULs stripped; or the raw bytes with `{ bytesAs: "bytes" }`. */
export const bytesCodec: Codec = { decode: decodeBytes, encode: encodeBytes, ...listOps };

/** `U<n>`: UTF-32 code points to JS strings and back, astral characters included. */
export const unicodeCodec: Codec = { decode: decodeUnicode, encode: encodeUnicode, ...listOps };

/** `V<n>`: one `Uint8Array` per element (views on the input unless `{ copy: true }`). */
export const voidCodec: Codec = {
  decode: (dtype, bytes, options) => decodeBytes(dtype, bytes, { ...options, bytesAs: "bytes" }),
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
  ...listOps,
};
