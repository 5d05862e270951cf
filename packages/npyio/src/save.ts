import { encode, type NpyArray } from "@npyio/dtype";
import { type ArrayInput, toNpyArray } from "@npyio/dtype/convert";
import { type NpyVersion, serializeHeader } from "@npyio/header";

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
  const { dtype, shape, fortranOrder, data } = toNpyArray(array, "save's input");
  const input = array as ArrayInput;
  // a parsed 2.0/3.0 file keeps its version so the bytes round-trip; 1.0 is numpy's default anyway
  const version = options.version ?? (input.version === "1.0" ? undefined : input.version);
  const header = serializeHeader(
    { descr: dtype.descr, fortranOrder, shape },
    version === undefined ? {} : { version },
  );
  return [header, encode(dtype, data)];
}
