/**
 * The items of numpy's fixed-width strings (`S<n>`, `U<n>`) to JS strings and back. A leaf module:
 * both the codecs and {@link FixedStrings} use it, so neither imports the other's side.
 */
import { byteSwapped } from "./byte-swap.js";
import { badData } from "./codec.js";
import type { DType } from "./dtype.js";
import { NpyError } from "./npy-error.js";
import { nativeBytes } from "./numeric-codec.js";
import { NATIVE_ORDER } from "./scalar-table.js";

// String.fromCharCode.apply takes one argument per unit; stay well under engines' argument limits
const CHUNK = 8192;

/** The text of `units[start:end]`, one argument per unit, in slices engines accept. */
function fromUnits(
  units: Uint8Array | Uint32Array,
  start: number,
  end: number,
  fromCode: (...codes: number[]) => string,
): string {
  let text = "";
  for (let i = start; i < end; i += CHUNK) {
    text += fromCode.apply(null, units.subarray(i, Math.min(i + CHUNK, end)) as unknown as number[]);
  }
  return text;
}

function itemsOf(
  units: Uint8Array | Uint32Array,
  n: number,
  width: number,
  fromCode: (...codes: number[]) => string = String.fromCharCode,
): string[] {
  const out = new Array<string>(n);
  for (let i = 0, start = 0; i < n; i++, start += width) {
    let end = start + width;
    while (end > start && units[end - 1] === 0) end--; // numpy strips trailing NULs from items
    out[i] = fromUnits(units, start, end, fromCode);
  }
  return out;
}

const tooLong = (where: string, dtype: DType, size: number, unit: string) =>
  new NpyError(
    "LOSSY_CAST",
    `${where}: ${size} ${unit} do not fit '${dtype.descr}' (numpy would cut them off); use a wider dtype`,
  );

export function decodeStringItems(dtype: DType, bytes: Uint8Array, n: number): string[] {
  return dtype.kind === "U" ? decodeUnicodeItems(dtype, bytes, n) : itemsOf(bytes, n, dtype.itemsize);
}

function decodeUnicodeItems(dtype: DType, bytes: Uint8Array, n: number): string[] {
  const chars = dtype.itemsize / 4;
  const native = nativeBytes(bytes, 4, dtype.byteOrder !== NATIVE_ORDER);
  const points = new Uint32Array(native.buffer, native.byteOffset, native.length / 4);
  const astral = points.findIndex((p) => p > 0xffff);
  if (astral < 0) return itemsOf(points, n, chars);
  // some items hold code points past U+FFFF: fromCodePoint makes each a surrogate pair, and throws
  // a RangeError past U+10FFFF, so those are refused first
  const bad = points.findIndex((p, j) => j >= astral && p > 0x10ffff);
  if (bad >= 0) {
    throw new NpyError(
      "BAD_DATA",
      `element ${Math.floor(bad / chars)} of '${dtype.descr}' holds ${points[bad]!.toString(16)}, which is not a Unicode code point (at most 10ffff); the data is corrupt`,
    );
  }
  return itemsOf(points, n, chars, String.fromCodePoint);
}

function encodeByteItems(dtype: DType, list: ArrayLike<unknown>, where: string): Uint8Array {
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

/** `U<n>` items, each a JS string, into UTF-32 code points in the dtype's byte order. */
function encodeUnicodeItems(dtype: DType, list: ArrayLike<unknown>, where: string): Uint8Array {
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

/** Items of a `U<n>` dtype (JS strings) or of `S<n>`/`V<n>` (latin1 strings or bytes) as n × itemsize bytes. */
export const encodeStringItems = (dtype: DType, list: ArrayLike<unknown>, where: string): Uint8Array =>
  (dtype.kind === "U" ? encodeUnicodeItems : encodeByteItems)(dtype, list, where);
