import { descrFromPython, descrToPython } from "./descr.js";
import { show, toDims } from "./dims.js";
import { checkVersion, MAGIC, type NpyVersion, preambleLength } from "./magic.js";
import { NpyError } from "./npy-error.js";
import type { NpyHeader } from "./parse-header.js";
import { reprPython } from "./python-repr.js";

/** Options for writing a header. */
export interface SerializeHeaderOptions {
  /**
   * Format version. By default numpy's choice: 1.0, else 2.0 when the header exceeds 65535 bytes,
   * else 3.0 when it is not latin1. An explicit version that cannot hold the header throws.
   */
  version?: NpyVersion;
}

// numpy pads so the shape can grow in place along one axis (GROWTH_AXIS_MAX_DIGITS = len(str(8*2**64-1)))
const GROWTH_AXIS_MAX_DIGITS = 21;
// numpy pads with spaces so the data starts on a 64-byte boundary (ARRAY_ALIGN)
const ARRAY_ALIGN = 64;

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
  const { descr, fortranOrder, shape } = header ?? ({} as NpyHeader);
  const descrValue = descrToPython(descr);
  descrFromPython(descrValue);
  const dims = toDims(Array.isArray(shape) ? { tuple: shape } : shape, "BAD_SHAPE", "shape");
  if (typeof fortranOrder !== "boolean") {
    throw new NpyError(
      "BAD_FORTRAN_ORDER",
      `expected fortranOrder to be a boolean, found ${show(fortranOrder)}`,
    );
  }
  let text = `{'descr': ${reprPython(descrValue)}, 'fortran_order': ${reprPython(fortranOrder)}, 'shape': ${reprPython({ tuple: dims })}, }`;
  if (dims.length) {
    text += " ".repeat(GROWTH_AXIS_MAX_DIGITS - String(dims[fortranOrder ? dims.length - 1 : 0]).length);
  }
  const latin1 = !/[^\0-\xff]/.test(text);
  let version = options.version === undefined ? (latin1 ? "1.0" : "3.0") : checkVersion(options.version);
  if (!latin1 && version !== "3.0") {
    throw new NpyError(
      "HEADER_ENCODING",
      `expected a latin1 header for format ${version}, found other characters in ${show(descr)}; use version 3.0 or leave version unset`,
    );
  }
  const body =
    version === "3.0" ? new TextEncoder().encode(text) : Uint8Array.from(text, (c) => c.charCodeAt(0));
  // numpy's _wrap_header: the newline, then ARRAY_ALIGN - (size % ARRAY_ALIGN) spaces (64, not 0, when aligned)
  const wrap = (v: NpyVersion) => {
    const size = preambleLength(v) + body.length + 1;
    return [preambleLength(v), body.length + 1 + ARRAY_ALIGN - (size % ARRAY_ALIGN)] as const;
  };
  let [start, length] = wrap(version);
  if (length > 0xffff && version === "1.0") {
    if (options.version) {
      throw new NpyError(
        "HEADER_TOO_LARGE",
        `expected a header of at most 65535 bytes for format 1.0, found ${length}; use version 2.0 or leave version unset`,
      );
    }
    version = "2.0";
    [start, length] = wrap(version);
  }
  const out = new Uint8Array(start + length).fill(0x20);
  out.set(MAGIC);
  out[6] = Number(version[0]);
  out[7] = 0;
  // a 1.0 length fits in the low two bytes; the header text then overwrites the high two
  new DataView(out.buffer).setUint32(8, length, true);
  out.set(body, start);
  out[out.length - 1] = 0x0a;
  return out;
}
