import type { Descr } from "./descr.js";
import { NpyError } from "./npy-error.js";
import { NATIVE_ORDER } from "./scalar-table.js";

/**
 * `descr` with every multi-byte scalar, in fields and subarrays too, set to byte order `order`
 * (`"="` is this machine's), as numpy's `dtype.newbyteorder(order)`; `|` types stay. The values do
 * not change: only how an encoder will write them.
 *
 * @example
 * ```ts
 * withByteOrder([["x", "<f8"], ["tag", "|S3"]], ">"); // [["x", ">f8"], ["tag", "|S3"]]
 * ```
 */
export function withByteOrder(descr: Descr, order: "<" | ">" | "="): Descr {
  if (order !== "<" && order !== ">" && order !== "=") {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `byte order must be "<", ">" or "=", got ${JSON.stringify(order)}`,
    );
  }
  const to = order === "=" ? NATIVE_ORDER : order;
  const set = (d: Descr): Descr => {
    if (typeof d === "string") return /^[<>=]/.test(d) ? `${to}${d.slice(1)}` : d;
    if (Array.isArray(d)) {
      return d.map(([name, field, shape]) =>
        shape === undefined ? [name, set(field)] : [name, set(field), shape],
      );
    }
    return { base: set(d.base), shape: d.shape };
  };
  return set(descr);
}
