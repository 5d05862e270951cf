import { expect } from "vitest";
import { isNpyError, type NpyErrorCode } from "../src/index.js";

/** Bytes of a latin1/ASCII string written with \x escapes in the test source. */
export const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A .npy file prefix for `text`, version 1.0, with a correct length field. */
export const npy1 = (text: string): Uint8Array => {
  const body = bytes(text);
  return Uint8Array.from([
    0x93,
    0x4e,
    0x55,
    0x4d,
    0x50,
    0x59,
    1,
    0,
    body.length & 0xff,
    body.length >> 8,
    ...body,
  ]);
};

/** Runs `fn`, which must throw an NpyError with `code`; returns it. */
export function expectNpyError(fn: () => unknown, code: NpyErrorCode) {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(isNpyError(thrown), `expected an NpyError, got ${String(thrown)}`).toBe(true);
  if (!isNpyError(thrown)) throw new Error("unreachable");
  expect(thrown.code, thrown.message).toBe(code);
  expect(thrown).toBeInstanceOf(Error);
  expect(thrown.message).toMatch(/expected .*found/);
  return thrown;
}
