/**
 * Byte-level mutations of a real file: bit flips, interesting byte values, truncation, splices of two
 * files, inserted, deleted and repeated runs. Mutations land in the first bytes (the preamble and
 * header) more often than in the data, where most of the parsing happens.
 */
import type { Rng } from "./rng.js";

const INTERESTING = [
  0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x0a, 0x27, 0x22, 0x28, 0x29, 0x2c, 0x5c, 0x39, 0x2d, 0x5b, 0x7b,
];

/** A position, biased towards the first `hot` bytes. */
function position(rng: Rng, length: number, hot = 160): number {
  if (length === 0) return 0;
  return rng.chance(0.6) ? rng.int(Math.min(length, hot)) : rng.int(length);
}

export function flipBits(rng: Rng, input: Uint8Array, count = rng.range(1, 8)): Uint8Array {
  const out = input.slice();
  for (let i = 0; i < count && out.length > 0; i++) out[position(rng, out.length)]! ^= 1 << rng.int(8);
  return out;
}

export function setBytes(rng: Rng, input: Uint8Array, count = rng.range(1, 4)): Uint8Array {
  const out = input.slice();
  for (let i = 0; i < count && out.length > 0; i++) {
    out[position(rng, out.length)] = rng.chance(0.7) ? rng.pick(INTERESTING) : rng.u32() & 0xff;
  }
  return out;
}

export function truncate(input: Uint8Array, at: number): Uint8Array {
  return input.slice(0, Math.max(0, Math.min(at, input.length)));
}

/** The head of `a` followed by the tail of `b`, cut at random points. */
export function splice(rng: Rng, a: Uint8Array, b: Uint8Array): Uint8Array {
  const i = rng.int(a.length + 1);
  const j = rng.int(b.length + 1);
  const out = new Uint8Array(i + b.length - j);
  out.set(a.subarray(0, i));
  out.set(b.subarray(j), i);
  return out;
}

/** Inserts random or repeated bytes, deletes a run, or repeats a run. */
export function reshape(rng: Rng, input: Uint8Array): Uint8Array {
  const at = position(rng, input.length + 1);
  const n = rng.range(1, 64);
  const op = rng.int(3);
  if (op === 0) {
    const ins = rng.chance(0.5) ? rng.bytes(n) : new Uint8Array(n).fill(rng.pick(INTERESTING));
    return concat(input.subarray(0, at), ins, input.subarray(at));
  }
  if (op === 1) return concat(input.subarray(0, at), input.subarray(at + n));
  const run = input.subarray(at, at + n);
  return concat(input.subarray(0, at + run.length), run, input.subarray(at + run.length));
}

/** Adds bytes after the end (trailing data), or removes the last few. */
export function changeTail(rng: Rng, input: Uint8Array): Uint8Array {
  if (rng.chance(0.5)) return concat(input, rng.bytes(rng.range(1, 100)));
  return truncate(input, input.length - rng.range(1, 16));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
