import { reprDescr } from "./descr.js";
import { show, toDims } from "./dims.js";
import { checkVersion, MAGIC, type NpyVersion } from "./magic.js";
import { fail, utf8 } from "./npy-error.js";
import type { NpyHeader } from "./parse-header.js";
import { reprPython } from "./python-repr.js";

/**
 * Options for writing a header.
 *
 * @example
 * ```ts
 * serializeHeader({ descr: "<f4", fortranOrder: false, shape: [3] }, { version: "3.0" });
 * ```
 */
export interface SerializeHeaderOptions {
  /**
   * Format version. By default numpy's choice: 1.0, else 2.0 when the header exceeds 65535 bytes,
   * else 3.0 when it is not latin1. An explicit version that cannot hold the header throws.
   */
  version?: NpyVersion;
  /**
   * The whole header's length in bytes (magic to newline, the data offset), when it must overwrite a
   * header of that length in place: the dict is padded with spaces to fit exactly, instead of to
   * numpy's 64-byte boundary. When the dict does not fit, the result is longer than `byteLength`:
   * callers check its length.
   */
  byteLength?: number;
}

/**
 * The bytes numpy 2.x writes before the array data: magic, version, header length, the header dict
 * `{'descr': ..., 'fortran_order': ..., 'shape': ..., }` as Python reprs, growth-axis and alignment
 * padding, and the newline. Byte-identical to `numpy.save`.
 *
 * @example
 * ```ts
 * serializeHeader({ descr: "<f8", fortranOrder: false, shape: [3] }); // 128 bytes, version 1.0
 * ```
 */
export function serializeHeader(header: NpyHeader, options: SerializeHeaderOptions = {}): Uint8Array {
  const { descr, fortranOrder, shape } = header ?? {};
  const repr = reprDescr(descr);
  const dims = toDims(Array.isArray(shape) ? { tuple: shape } : shape, "BAD_SHAPE", "shape");
  if (typeof fortranOrder !== "boolean")
    fail("BAD_FORTRAN_ORDER", "fortran_order: a bool", show(fortranOrder));
  let text = `{'descr': ${repr}, 'fortran_order': ${reprPython(fortranOrder)}, 'shape': ${reprPython({ tuple: dims })}, }`;
  // numpy leaves room to grow the shape in place along one axis: GROWTH_AXIS_MAX_DIGITS = 21
  if (dims.length) text += " ".repeat(21 - `${dims.at(fortranOrder ? -1 : 0)}`.length);
  let version = options.version ? checkVersion(options.version) : "1.0";
  if (/[^\0-\xff]/.test(text) && version < "3") {
    if (options.version)
      fail("HEADER_ENCODING", `latin1 for format ${version}`, show(descr), undefined, "use version 3.0");
    version = "3.0";
  }
  // one char per byte from here on
  if (version > "3") text = utf8(text);
  // numpy's _wrap_header: pad with spaces so the data starts on a 64-byte boundary (ARRAY_ALIGN),
  // adding 64 rather than 0 when already aligned, then the newline
  if (text.length > 65524 && version < "2") {
    if (options.version)
      fail("HEADER_TOO_LARGE", "< 64 KiB for format 1.0", text.length, undefined, "use version 2.0");
    version = "2.0";
  }
  const start = version < "2" ? 10 : 12;
  const length = (options.byteLength ?? (start + text.length + 65) & -64) - start;
  return Uint8Array.from(
    String.fromCharCode(...MAGIC, +version[0]!, 0, length, length >> 8, length >> 16, length >> 24).slice(
      0,
      start,
    ) +
      // numpy's room to grow the shape is spaces, as the padding is: a fixed byteLength may use it
      text.trimEnd().padEnd(length - 1) +
      "\n",
    (c) => c.charCodeAt(0),
  );
}
