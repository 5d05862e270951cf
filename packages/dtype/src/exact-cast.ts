import { castKey, ROWS } from "./cast-table.js";
import type { DType } from "./dtype.js";

// bits of a float's significand (its implicit bit included), by width; a complex number's parts count
const SIGNIFICAND: Readonly<Record<number, number>> = { 2: 11, 4: 24, 8: 53 };

/**
 * Whether every value of numeric dtype `from` is exactly a value of `to`, so a cast can change
 * none: numpy's `np.can_cast(from, to, "safe")`, except that numpy calls i8/u8 → f8/c16 safe while
 * 2^53 + 1 does not survive them (here they are not exact). Byte order does not matter.
 *
 * @example
 * ```ts
 * isExactCast(parseDescr("<i2"), parseDescr("<f4")); // true
 * isExactCast(parseDescr("<i8"), parseDescr("<f8")); // false: 2**53 + 1 rounds
 * ```
 */
export function isExactCast(from: DType, to: DType): boolean {
  const a = ROWS[castKey(from)]!;
  const b = ROWS[castKey(to)]!;
  if (a.kind === "b" || (a.kind === b.kind && b.width >= a.width)) return true;
  if (a.kind === "u" && b.kind === "i") return b.width > a.width;
  // an integer fits a float when its magnitude's bits fit the significand (a signed one has a bit less)
  if ((a.kind === "i" || a.kind === "u") && (b.kind === "f" || b.kind === "c")) {
    return 8 * a.width - (a.kind === "i" ? 1 : 0) <= SIGNIFICAND[b.width]!;
  }
  return a.kind === "f" && b.kind === "c" && b.width >= a.width;
}
