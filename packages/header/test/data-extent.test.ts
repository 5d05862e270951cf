import { describe, expect, it } from "vitest";
import { checkDataExtent, isNpyError } from "../src/index.js";

const extent = { dataOffset: 128, dataBytes: 12, about: "shape (3,), '<i4'" };

/** The NpyError `checkDataExtent` threw, or undefined when it passed. */
function thrown(got: number, options?: Parameters<typeof checkDataExtent>[2]) {
  try {
    checkDataExtent(extent, got, options);
    return undefined;
  } catch (err) {
    if (!isNpyError(err)) throw err;
    return err;
  }
}

describe("checkDataExtent", () => {
  it("passes exactly the declared bytes", () => {
    expect(thrown(12)).toBeUndefined();
    expect(() => checkDataExtent({ dataOffset: 64, dataBytes: 0 }, 0)).not.toThrow();
  });

  it("says TRUNCATED with the bytes expected and found, at the byte where the data ends", () => {
    const err = thrown(6)!;
    expect(err.code).toBe("TRUNCATED");
    expect(err.offset).toBe(134);
    expect(err.message).toBe(
      "expected 12 bytes of array data (shape (3,), '<i4'), found 6; the file is incomplete",
    );
  });

  it("says TRUNCATED even with allowTrailing, which only forgives bytes after the data", () => {
    expect(thrown(11, { allowTrailing: true })?.code).toBe("TRUNCATED");
  });

  it("says TRAILING_DATA at the end of the data, with the caller's hint", () => {
    const plain = thrown(20)!;
    expect(plain.code).toBe("TRAILING_DATA");
    expect(plain.offset).toBe(140);
    expect(plain.message).toBe(
      "expected 12 bytes of array data (shape (3,), '<i4'), found 20; this is not a single .npy file",
    );
    expect(thrown(13, { hint: "pass allowTrailing: true" })!.message).toMatch(
      /found 13; pass allowTrailing: true$/,
    );
  });

  it("forgives bytes after the data with allowTrailing", () => {
    expect(thrown(1000, { allowTrailing: true })).toBeUndefined();
  });

  it("leaves out the name when none is given", () => {
    expect(() => checkDataExtent({ dataOffset: 10, dataBytes: 4 }, 2)).toThrow(
      /^expected 4 bytes of array data, found 2; the file is incomplete$/,
    );
  });
});
