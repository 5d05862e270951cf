import { describe, expect, it } from "vitest";
import { headerByteLength, MAGIC } from "../src/index.js";
import { bytes, expectNpyError } from "./helpers.js";

describe("headerByteLength", () => {
  const v1 = bytes("\x93NUMPY\x01\x00\x76\x00{'descr'");
  const v2 = bytes("\x93NUMPY\x02\x00\x74\x00\x00\x00{'descr'");

  it("is undefined until the magic, version and length are in", () => {
    for (let n = 0; n < 10; n++) expect(headerByteLength(v1.subarray(0, n))).toBeUndefined();
    for (let n = 0; n < 12; n++) expect(headerByteLength(v2.subarray(0, n))).toBeUndefined();
  });

  it("gives the byte offset of the data once the length field is in", () => {
    expect(headerByteLength(v1.subarray(0, 10))).toBe(128);
    expect(headerByteLength(v1)).toBe(128);
    expect(headerByteLength(v2.subarray(0, 12))).toBe(128);
    expect(headerByteLength(bytes("\x93NUMPY\x03\x00\x00\x01\x00\x00"))).toBe(12 + 256);
  });

  it("reads from a subarray view at its own offset", () => {
    const padded = new Uint8Array(30);
    padded.set(v1, 7);
    expect(headerByteLength(padded.subarray(7))).toBe(128);
  });

  it("throws BAD_MAGIC as soon as a byte differs", () => {
    expect(expectNpyError(() => headerByteLength(bytes("\x92")), "BAD_MAGIC").offset).toBe(0);
    expectNpyError(() => headerByteLength(bytes("\x93NUM\x00")), "BAD_MAGIC");
    expect(expectNpyError(() => headerByteLength(bytes("PK\x03\x04")), "BAD_MAGIC").message).toContain(
      "found 50 4b 03 04",
    );
  });

  it("throws UNSUPPORTED_VERSION naming the version", () => {
    const err = expectNpyError(() => headerByteLength(bytes("\x93NUMPY\x04\x00")), "UNSUPPORTED_VERSION");
    expect(err.message).toContain("found 4.0");
    expect(
      expectNpyError(() => headerByteLength(bytes("\x93NUMPY\x01\x01")), "UNSUPPORTED_VERSION").message,
    ).toContain("found 1.1");
  });

  it("throws HEADER_TOO_LARGE from the length field alone, saying how to raise the limit", () => {
    const big = bytes("\x93NUMPY\x01\x00\x11\x27"); // 10001
    const err = expectNpyError(() => headerByteLength(big), "HEADER_TOO_LARGE");
    expect(err.message).toContain("found 10001");
    expect(err.message).toContain("maxHeaderSize: 10001");
    expect(headerByteLength(big, { maxHeaderSize: 10001 })).toBe(10 + 10001);
    expect(headerByteLength(bytes("\x93NUMPY\x01\x00\x10\x27"))).toBe(10 + 10000);
    // 3.0 counts characters, up to four bytes each: only a length beyond 4 * max is certainly too large
    expect(headerByteLength(bytes("\x93NUMPY\x03\x00\x40\x9c\x00\x00"))).toBe(12 + 40000);
    expectNpyError(() => headerByteLength(bytes("\x93NUMPY\x03\x00\x41\x9c\x00\x00")), "HEADER_TOO_LARGE");
  });

  it("rejects a non-Uint8Array with INVALID_ARGUMENT", () => {
    expectNpyError(() => headerByteLength("\x93NUMPY" as unknown as Uint8Array), "INVALID_ARGUMENT");
  });

  it("exports the magic", () => {
    expect([...MAGIC]).toEqual([0x93, ...bytes("NUMPY")]);
  });
});
