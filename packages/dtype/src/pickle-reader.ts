import { NpyError } from "./npy-error.js";

const utf8 = new TextDecoder("utf-8");

/** Latin-1 text of `bytes`, one char per byte (Python 2 `str`, protocol 0 text). */
export function latin1(bytes: Uint8Array): string {
  let out = "";
  // in slices: String.fromCharCode takes its arguments on the stack
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

/** The bytes of a Latin-1 string (each char must be below 256). */
export function latin1Bytes(text: string, where: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) {
      throw new NpyError(
        "BAD_PICKLE",
        `${where}: expected Latin-1 text (what Python writes for bytes), found U+${c.toString(16).padStart(4, "0")} at character ${i}; the pickle is corrupt`,
      );
    }
    out[i] = c;
  }
  return out;
}

/**
 * A cursor over the bytes of a pickle. Every length is checked against the bytes present before
 * anything is read or allocated, so a length prefix of 2^63 costs nothing but a `TRUNCATED`.
 */
export class PickleReader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** `n` bytes (a view), `TRUNCATED` when fewer remain. */
  take(n: number, what: string): Uint8Array {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining) {
      throw new NpyError(
        "TRUNCATED",
        `the pickle ends at byte ${this.bytes.length}, but ${what} at byte ${this.pos} declares ${n} bytes (${this.remaining} remain); the pickle is incomplete or its length prefix is corrupt`,
        { offset: this.bytes.length },
      );
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** An unsigned little-endian integer of `width` bytes (1, 2, 4 or 8), as a number. */
  uint(width: number, what: string): number {
    const b = this.take(width, what);
    let v = 0;
    for (let i = width - 1; i >= 0; i--) v = v * 256 + b[i]!;
    // an 8-byte length beyond 2^53 cannot be present anyway: report it as the length it is
    if (!Number.isSafeInteger(v)) return Number.MAX_SAFE_INTEGER;
    return v;
  }

  /** A little-endian signed 32-bit integer (`BININT`). */
  int32(what: string): number {
    const b = this.take(4, what);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >> 0;
  }

  /** A float64 stored big-endian (`BINFLOAT`). */
  float64be(what: string): number {
    const b = this.take(8, what);
    return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, false);
  }

  /** A protocol 0 text argument: the bytes up to the next newline, as Latin-1. */
  line(what: string): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) {
      throw new NpyError(
        "TRUNCATED",
        `the pickle ends at byte ${this.bytes.length} inside ${what} that starts at byte ${this.pos} (no newline); the pickle is incomplete`,
        { offset: this.bytes.length },
      );
    }
    const text = latin1(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }

  /** `n` bytes of UTF-8 text. */
  utf8(n: number, what: string): string {
    return utf8.decode(this.take(n, what));
  }
}
