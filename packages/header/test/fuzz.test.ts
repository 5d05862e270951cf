import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { headerByteLength, isNpyError, parseHeader } from "../src/index.js";

/** mulberry32: a tiny seeded PRNG, so the fuzz cases are the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

// Bytes that matter to the parser, so mutations reach deep into it rather than failing at once
const INTERESTING = [..."{}()[],:'\"\\ Lx0u9-+.eTFN\n#"]
  .map((c) => c.charCodeAt(0))
  .concat([0, 0x80, 0xc3, 0xff]);

// Whole Python literals spliced over a few bytes, so values change type while the syntax holds
const VALUE = /[:,] ('[^']*'|\([^)]*\)|True|False|\[[^\]]*\]|\d+)/g;
const LITERALS = [
  "0",
  "-1",
  "None",
  "True",
  "'x'",
  "(1,)",
  "()",
  "[]",
  "{}",
  "3.0",
  "2L",
  "99999999999999999999",
];

function mutate(source: Uint8Array, rand: () => number): Uint8Array {
  const bytes = [...source];
  const at = () => Math.floor(rand() * (bytes.length + 1));
  const byte = () =>
    rand() < 0.7 ? INTERESTING[Math.floor(rand() * INTERESTING.length)]! : Math.floor(rand() * 256);
  for (let n = 1 + Math.floor(rand() * 2); n > 0; n--) {
    const op = rand() < 0.4 ? 6 : Math.floor(rand() * 6);
    // keep most mutations inside the header text, past the 10-12 byte preamble
    const i = rand() < 0.9 ? 12 + Math.floor(rand() * Math.max(1, bytes.length - 12)) : at();
    if (op === 0) bytes[i] = byte();
    else if (op === 1) bytes.splice(i, 0, byte());
    else if (op === 2) bytes.splice(i, 1 + Math.floor(rand() * 8));
    else if (op === 3) bytes.splice(i, 0, ...bytes.slice(at(), at()));
    else if (op === 4) bytes.length = at();
    else if (op === 5) bytes[i] = bytes[i]! ^ (1 << Math.floor(rand() * 8));
    else {
      // swap one dict or field value for another literal
      const values = [...String.fromCharCode(...bytes).matchAll(VALUE)];
      const m = values[Math.floor(rand() * values.length)];
      const literal = LITERALS[Math.floor(rand() * LITERALS.length)]!;
      if (m) bytes.splice(m.index + 2, m[1]!.length, ...Array.from(literal, (c) => c.charCodeAt(0)));
    }
  }
  // usually keep the length field true, so the header text itself is what gets tested
  const start = bytes[6] === 1 ? 10 : 12;
  if (rand() < 0.8 && bytes.length >= start) {
    const length = bytes.length - start;
    bytes.splice(8, start - 8, ...[length, length >> 8, length >> 16, length >> 24].slice(0, start - 8));
  }
  return Uint8Array.from(bytes);
}

describe("fuzzing parseHeader with mutated numpy headers", () => {
  const headers = Object.entries(expected.npy)
    .filter(([, e]) => e.dataOffset < 1000)
    .map(([name, e]) => readFixture(name).subarray(0, e.dataOffset));

  it("throws nothing but NpyError, over 5000 mutations (seed 1)", () => {
    const rand = random(1);
    const codes = new Map<string, number>();
    for (let n = 0; n < 5000; n++) {
      const input = mutate(headers[n % headers.length]!, rand);
      for (const fn of [() => parseHeader(input), () => headerByteLength(input)]) {
        try {
          fn();
        } catch (err) {
          if (!isNpyError(err))
            throw new Error(`non-NpyError for ${JSON.stringify(String.fromCharCode(...input))}`, {
              cause: err,
            });
          expect(err.message).toMatch(/expected .*found/);
          codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
        }
      }
    }
    // the mutations reach every check, not just the first one
    expect([...codes.keys()].sort()).toEqual(
      expect.arrayContaining([
        "BAD_DESCR",
        "BAD_FORTRAN_ORDER",
        "BAD_MAGIC",
        "BAD_SHAPE",
        "HEADER_KEYS",
        "HEADER_SYNTAX",
        "TRUNCATED",
        "UNSUPPORTED_VERSION",
      ]),
    );
  });
});
