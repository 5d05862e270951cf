import { describe, tagOf } from "./codec.js";
import type { ScalarDType } from "./dtype.js";
import { NpyError } from "./npy-error.js";
import { parseDescr } from "./parse-descr.js";
import { NATIVE_ORDER, NUMERIC } from "./scalar-table.js";

/**
 * The native-endian dtype that holds a typed array as it is: `Float32Array` → `<f4`,
 * `BigInt64Array` → `<i8`, `Uint8Array` → `|u1` (say `parseDescr("|b1")` for booleans, and pick a
 * complex or datetime dtype explicitly, since a typed array cannot tell).
 *
 * @example
 * ```ts
 * inferDType(new Float32Array(3)).descr; // "<f4" on a little-endian machine
 * inferDType(new BigUint64Array(1)).descr; // "<u8"
 * ```
 */
export function inferDType(data: ArrayBufferView): ScalarDType {
  const tag = tagOf(data).replace("Clamped", "");
  // the first plain row holding this typed array: i/u/f before bool, complex and datetime
  const code =
    tag === "Float16Array"
      ? "f2"
      : Object.keys(NUMERIC).find((k) => k !== "b1" && NUMERIC[k]!.array.name === tag);
  if (code === undefined) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `inferDType expects a typed array (Int8Array … Float64Array, BigInt64Array), found ${describe(data)}; pass a dtype explicitly for other data`,
    );
  }
  return parseDescr(`${NATIVE_ORDER}${code}`) as ScalarDType;
}
