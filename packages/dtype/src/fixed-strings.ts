import type { DType } from "./dtype.js";
import { NpyError } from "./npy-error.js";
import { decodeStringItems, encodeStringItems } from "./string-items.js";

/**
 * numpy's fixed-width strings (`U<n>`, `S<n>`) kept as their bytes, as numpy itself keeps them: no
 * JS string exists until an item is read. `decode(dtype, bytes, { strings: "fixed" })` returns one (a
 * view on `bytes`, no copy), and `encode` writes one of the same dtype as its bytes unchanged, so a
 * million-element text column costs one buffer instead of a million strings. Items read as numpy's
 * `.item()` does: trailing NULs stripped, `S` as latin1.
 *
 * @example
 * ```ts
 * const names = decode(parseDescr("<U16"), bytes, { strings: "fixed" }) as FixedStrings;
 * names.length;         // items, from the byte length
 * names.at(0);          // "alice": decoded on access
 * names.set(1, "bob");  // encoded into names.bytes
 * names.toArray();      // string[]
 * ```
 */
export class FixedStrings implements Iterable<string> {
  /** The `U<n>` or `S<n>` dtype of the items. */
  readonly dtype: DType;
  /** The items' bytes in the dtype's byte order, exactly as in a .npy file. */
  readonly bytes: Uint8Array;
  /** How many items there are. */
  readonly length: number;

  /**
   * @param count The item count: required only for an itemsize of 0 (`U0`), checked otherwise.
   */
  constructor(dtype: DType, bytes: Uint8Array, count?: number) {
    const size = dtype.itemsize;
    const n = size === 0 ? (count ?? 0) : bytes.length / size;
    if ((dtype.kind !== "U" && dtype.kind !== "S") || !(bytes instanceof Uint8Array)) {
      throw new NpyError(
        "INVALID_ARGUMENT",
        `FixedStrings takes a 'U' or 'S' dtype and a Uint8Array, found '${JSON.stringify(dtype.descr)}'`,
      );
    }
    if (!Number.isSafeInteger(n) || n < 0 || (count !== undefined && count !== n)) {
      throw new NpyError(
        "BAD_DATA",
        `${bytes.length} bytes do not hold ${count ?? "whole"} items of '${dtype.descr}' (${size} bytes each)`,
      );
    }
    this.dtype = dtype;
    this.bytes = bytes;
    this.length = n;
  }

  /** Item `index` (negative counts from the end, as `Array.prototype.at`), or undefined past the ends. */
  at(index: number): string | undefined {
    const i = Math.trunc(index) + (index < 0 ? this.length : 0);
    return i >= 0 && i < this.length ? this.subarray(i, i + 1).toArray()[0] : undefined;
  }

  /** Writes `value` as item `index` (0 ≤ index < length); `LOSSY_CAST` if it does not fit. */
  set(index: number, value: string): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.length)) {
      throw new NpyError("INVALID_ARGUMENT", `index ${index} is outside 0..${this.length - 1}`);
    }
    const { dtype } = this;
    this.bytes.set(encodeStringItems(dtype, [value], `item ${index}`), index * dtype.itemsize);
  }

  /** Items `start` to `end` (relative and clamped as `TypedArray.subarray`), sharing these bytes. */
  subarray(start = 0, end = this.length): FixedStrings {
    const at = (i: number) => Math.min(Math.max(Math.trunc(i) + (i < 0 ? this.length : 0), 0), this.length);
    const a = at(start);
    const n = Math.max(at(end) - a, 0);
    const size = this.dtype.itemsize;
    return new FixedStrings(this.dtype, this.bytes.subarray(a * size, (a + n) * size), n);
  }

  /** Every item as a JS string. */
  toArray(): string[] {
    const { dtype } = this;
    return decodeStringItems(dtype, this.bytes, this.length);
  }

  /** `JSON.stringify` writes the items as an array of strings. */
  toJSON(): string[] {
    return this.toArray();
  }

  /** The items as JS strings, in order: `for (const s of names)`, `[...names]`. */
  [Symbol.iterator](): IterableIterator<string> {
    return this.toArray()[Symbol.iterator]();
  }
}
