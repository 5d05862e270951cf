import {
  type Descr,
  type DType,
  elementCount,
  encode,
  type NpyArray,
  type NpyData,
  parseDescr,
} from "@npyio/dtype";
import { inferDType } from "@npyio/dtype/convert";
import { NpyError, type NpyVersion, serializeHeader } from "@npyio/header";

/**
 * Array data with as little as needed: the dtype defaults to the typed array's, the shape to 1-d.
 *
 * @example
 * ```ts
 * const input: ArrayInput = { data: new Float32Array(6), shape: [2, 3] };
 * const bytes = save(input); // '<f4', (2, 3)
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
  /** The format version a parsed file had; {@link save} keeps it when no version is asked for. */
  version?: NpyVersion;
}

/**
 * Options of {@link save}.
 *
 * @example
 * ```ts
 * const bytes = save(array, { version: "2.0" });
 * ```
 */
export interface SaveOptions {
  /** Format version; by default numpy's choice (or the version the array was parsed from). */
  version?: NpyVersion;
}

function dtypeOf(input: ArrayInput): DType {
  const { dtype, data } = input;
  if (dtype === undefined) {
    if (!ArrayBuffer.isView(data)) {
      throw new NpyError(
        "INVALID_ARGUMENT",
        'save cannot infer a dtype from a list of strings, bytes or a record of columns; pass `dtype` (e.g. "<U8")',
      );
    }
    return inferDType(data);
  }
  if (typeof dtype === "string" || Array.isArray(dtype) || !("kind" in dtype))
    return parseDescr(dtype as Descr);
  return dtype;
}

/**
 * Writes an array as `.npy` bytes, byte-identical to `numpy.save` for the same array. For every
 * file numpy writes, `save(parse(bytes))` returns exactly `bytes`.
 *
 * @throws NpyError — `SHAPE_MISMATCH` when the data does not hold prod(shape) elements,
 * `BAD_DATA` when it does not fit the dtype.
 *
 * @example
 * ```ts
 * const bytes = save({ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] });
 * ```
 */
export function save(array: NpyArray | ArrayInput, options: SaveOptions = {}): Uint8Array {
  const [header, body] = saveParts(array, options);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/**
 * What {@link save} joins: the header and the data bytes (often a view of the array's own memory),
 * for writers that can send the two without joining them.
 */
export function saveParts(array: NpyArray | ArrayInput, options: SaveOptions = {}): [Uint8Array, Uint8Array] {
  if (typeof array !== "object" || array === null || !("data" in array)) {
    throw new NpyError("INVALID_ARGUMENT", "save expects an array { data, shape?, dtype?, fortranOrder? }");
  }
  const input = array as ArrayInput;
  const dtype = dtypeOf(input);
  const count = elementCount(dtype, input.data);
  const shape = input.shape ?? [count];
  const want = shape.reduce((a, b) => a * b, 1);
  if (want !== count) {
    throw new NpyError(
      "SHAPE_MISMATCH",
      `shape (${shape.join(", ")}) holds ${want} elements, the data has ${count}; pass a shape whose product is ${count}`,
    );
  }
  // a parsed 2.0/3.0 file keeps its version so the bytes round-trip; 1.0 is numpy's default anyway
  const version = options.version ?? (input.version === "1.0" ? undefined : input.version);
  const header = serializeHeader(
    { descr: dtype.descr, fortranOrder: input.fortranOrder ?? false, shape },
    version === undefined ? {} : { version },
  );
  return [header, encode(dtype, input.data)];
}
