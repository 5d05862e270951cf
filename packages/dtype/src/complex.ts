import { describe, tagOf } from "./codec.js";
import { NpyError } from "./npy-error.js";

type Interleaved = Float32Array | Float64Array;

/**
 * Splits interleaved complex data (`c8`/`c16` as decoded: re, im, re, im, …) into new arrays of the
 * real and imaginary parts.
 *
 * @example
 * ```ts
 * const { re, im } = complexParts(new Float64Array([1, 2, 3, 4])); // re [1, 3], im [2, 4]
 * ```
 */
export function complexParts<T extends Interleaved>(data: T): { re: T; im: T } {
  if (!["Float32Array", "Float64Array"].includes(tagOf(data)) || data.length % 2 !== 0) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `complexParts expects interleaved complex data (a Float32Array or Float64Array of even length), found ${describe(data)}`,
    );
  }
  const Ctor = data.constructor as new (n: number) => T;
  const re = new Ctor(data.length / 2);
  const im = new Ctor(data.length / 2);
  for (let i = 0; i < re.length; i++) {
    re[i] = data[2 * i]!;
    im[i] = data[2 * i + 1]!;
  }
  return { re, im };
}

/**
 * Interleaves real and imaginary parts into the layout `encode` takes for `c8`/`c16`.
 *
 * @example
 * ```ts
 * interleaveComplex(new Float32Array([1, 3]), new Float32Array([2, 4])); // Float32Array [1, 2, 3, 4]
 * ```
 */
export function interleaveComplex<T extends Interleaved>(re: T, im: T): T {
  if (
    tagOf(re) !== tagOf(im) ||
    re.length !== im.length ||
    !["Float32Array", "Float64Array"].includes(tagOf(re))
  ) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `interleaveComplex expects two Float32Arrays or two Float64Arrays of one length, found ${describe(re)} and ${describe(im)}`,
    );
  }
  const out = new (re.constructor as new (n: number) => T)(re.length * 2);
  for (let i = 0; i < re.length; i++) {
    out[2 * i] = re[i]!;
    out[2 * i + 1] = im[i]!;
  }
  return out;
}
