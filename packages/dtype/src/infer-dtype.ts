import { NpyError } from "@npyio/header";
import { describe, tagOf } from "./codec.js";
import type { ScalarDType } from "./dtype.js";
import { parseDescr } from "./parse-descr.js";
import { NATIVE_ORDER } from "./scalar-table.js";

const CODES: Record<string, string> = {
  Int8Array: "i1",
  Uint8Array: "u1",
  Uint8ClampedArray: "u1",
  Int16Array: "i2",
  Uint16Array: "u2",
  Int32Array: "i4",
  Uint32Array: "u4",
  BigInt64Array: "i8",
  BigUint64Array: "u8",
  Float16Array: "f2",
  Float32Array: "f4",
  Float64Array: "f8",
};

/**
 * The native-endian dtype that holds a typed array as it is: `Float32Array` → `<f4`,
 * `BigInt64Array` → `<i8`, `Uint8Array` → `|u1` (say `parseDescr("|b1")` for booleans, and pick a
 * complex or datetime dtype explicitly, since a typed array cannot tell).
 */
export function inferDType(data: ArrayBufferView): ScalarDType {
  const code = CODES[tagOf(data)];
  if (code === undefined) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `inferDType expects a typed array (Int8Array … Float64Array, BigInt64Array), found ${describe(data)}; pass a dtype explicitly for other data`,
    );
  }
  return parseDescr(`${NATIVE_ORDER}${code}`) as ScalarDType;
}
