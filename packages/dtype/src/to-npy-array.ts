import type { NpyVersion } from "@npyio/header";
import { elementCount } from "./data-ops.js";
import type { Descr } from "./descr.js";
import type { DType, NpyArray, NpyData } from "./dtype.js";
import { inferDType } from "./infer-dtype.js";
import { NpyError } from "./npy-error.js";
import { parseDescr } from "./parse-descr.js";

/**
 * Array data with as little as needed: the dtype defaults to the typed array's, the shape to 1-d.
 * Every writer of npyio (`save`, `saveNpz`, `NpzWriter.add`, `writeFile`, `writeNpzFile`) accepts
 * this as well as a full `NpyArray`.
 *
 * @example
 * ```ts
 * const input: ArrayInput = { data: new Float32Array(6), shape: [2, 3] }; // '<f4', (2, 3)
 * ```
 */
export interface ArrayInput {
  data: NpyData;
  /** Defaults to `[n]`, n the element count of `data`. */
  shape?: number[];
  /** A parsed dtype or a descr (`"<f4"`, a field list). Defaults to the typed array's type, native order. */
  dtype?: DType | Descr;
  /** Defaults to `false` (C order). */
  fortranOrder?: boolean;
  /** The format version a parsed file had; `save` keeps it when no version is asked for. */
  version?: NpyVersion;
}

/**
 * The one normalising step every writer takes: an `NpyArray` or an {@link ArrayInput} as a full
 * `NpyArray` (dtype parsed or inferred, shape defaulted and checked against the data).
 * `INVALID_ARGUMENT` for what is not an array (`what` names it in the message), `SHAPE_MISMATCH`
 * when the data does not hold prod(shape) elements.
 *
 * @example
 * ```ts
 * toNpyArray({ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] }).dtype.descr; // "<f4"
 * ```
 */
export function toNpyArray(input: NpyArray | ArrayInput, what = "the array"): NpyArray {
  if (typeof input !== "object" || input === null || !("data" in input)) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `${what} is not an array: expected an NpyArray or { data, shape?, dtype?, fortranOrder? }`,
    );
  }
  const dtype = dtypeOf(input, what);
  const count = elementCount(dtype, input.data);
  const shape = input.shape ?? [count];
  const want = shape.reduce((a, b) => a * b, 1);
  if (want !== count) {
    throw new NpyError(
      "SHAPE_MISMATCH",
      `${what}: shape (${shape.join(", ")}) holds ${want} elements, the data has ${count}; pass a shape whose product is ${count}`,
    );
  }
  return { dtype, shape, fortranOrder: input.fortranOrder ?? false, data: input.data };
}

function dtypeOf({ dtype, data }: NpyArray | ArrayInput, what: string): DType {
  if (dtype === undefined) {
    if (!ArrayBuffer.isView(data)) {
      throw new NpyError(
        "INVALID_ARGUMENT",
        `${what}: cannot infer a dtype from a list of strings, bytes or a record of columns; pass \`dtype\` (e.g. "<U8")`,
      );
    }
    return inferDType(data);
  }
  if (typeof dtype === "string" || Array.isArray(dtype) || !("kind" in dtype))
    return parseDescr(dtype as Descr);
  return dtype;
}
