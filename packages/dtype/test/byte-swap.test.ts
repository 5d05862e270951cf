import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { byteSwap, byteSwapped, SWAP_WASM, swapInto } from "../src/byte-swap.js";
import { decode, nativeOrder, parseDescr } from "../src/index.js";

/** What a byte swap means, one byte at a time: each whole unit reversed, a partial tail kept. */
function reference(bytes: Uint8Array, width: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let k = 0; k < width; k++) out[i + k] = bytes[i + width - 1 - k]!;
  }
  return out;
}

/** The first index where `a` and `b` differ, -1 when equal (toEqual is slow on 200 KB arrays). */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function noise(n: number, offset = 0): Uint8Array {
  const buf = new Uint8Array(n + offset);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 2654435761) >>> 24;
  return buf.subarray(offset);
}

// whole units and tails; lengths below, at and past the kernel's threshold, its 64-byte turn and
// its 64 KiB tile
const LENGTHS = [0, 1, 3, 16, 62, 255, 256, 258, 1000, 4099, 65536, 65536 + 48, 3 * 65536 + 20];

describe("the Wasm SIMD byte-swap kernel", () => {
  it("is the module scripts/gen-swap-wasm.mjs assembles, and this runtime compiles it", () => {
    const script = fileURLToPath(new URL("../../../scripts/gen-swap-wasm.mjs", import.meta.url));
    expect(execFileSync(process.execPath, [script], { encoding: "utf8" }).trim()).toBe(SWAP_WASM);
    expect(WebAssembly.validate(Buffer.from(SWAP_WASM, "base64"))).toBe(true);
  });

  for (const width of [2, 4, 8, 16]) {
    it(`swaps ${width}-byte units as the JS loop and the byte-by-byte reference do`, () => {
      for (const n of LENGTHS) {
        for (const offset of [0, 1, 4]) {
          const input = noise(n, offset);
          const want = reference(input, width);
          const js = new Uint8Array(n);
          swapInto(input, js, width, false);
          const wasm = new Uint8Array(n);
          swapInto(input, wasm, width, true);
          expect(firstDiff(js, want), `JS, ${n} bytes at offset ${offset}`).toBe(-1);
          expect(firstDiff(wasm, want), `Wasm, ${n} bytes at offset ${offset}`).toBe(-1);
          const inPlace = input.slice();
          expect(byteSwapped(inPlace, width, true)).toBe(inPlace);
          expect(firstDiff(inPlace, want), `in place, ${n} bytes`).toBe(-1);
        }
      }
    });
  }

  it("leaves width 1 as it is and reverses other widths (long double) on the JS path", () => {
    const input = noise(1000, 3);
    expect(byteSwapped(input, 1)).toEqual(input);
    expect(byteSwapped(input, 1)).not.toBe(input);
    expect(byteSwapped(input, 12)).toEqual(reference(input, 12));
  });

  it("twice is the identity", () => {
    const input = noise(70000);
    expect(firstDiff(byteSwapped(byteSwapped(input, 8), 8), input)).toBe(-1);
  });
});

describe("nativeOrder", () => {
  it.each([">i2", ">u4", ">i8", ">f2", ">f4", ">f8", ">c8", ">c16", ">M8[ms]", ">m8[s]", ">U3"])(
    "%s: swapping its units, then decoding as the native twin, is decode",
    (descr) => {
      const dtype = parseDescr(descr);
      const order = nativeOrder(dtype)!;
      expect(order.dtype.byteOrder).toBe("<");
      expect(order.width).toBe(
        descr === ">U3" ? 4 : descr.startsWith(">c") ? dtype.itemsize / 2 : dtype.itemsize,
      );
      // code points below 0x110000 so that U decodes
      const bytes = noise(dtype.itemsize * 40).map((b, i) => (descr === ">U3" && i % 4 < 2 ? 0 : b));
      expect(decode(order.dtype, byteSwap(bytes.slice(), order.width), { float16: "bits" })).toEqual(
        decode(dtype, bytes, { float16: "bits" }),
      );
    },
  );

  it.each(["<f8", "|u1", "|b1", "|S4", "<U2", ">V8"])("%s needs no swap ahead of decode", (descr) => {
    expect(nativeOrder(parseDescr(descr))).toBeUndefined();
  });

  it("structs are left to decode, which swaps field by field", () => {
    expect(nativeOrder(parseDescr([["a", ">f8"]]))).toBeUndefined();
  });
});
