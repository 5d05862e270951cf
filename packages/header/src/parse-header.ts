import { type Descr, descrFromPython } from "./descr.js";
import { show, toDims } from "./dims.js";
import { checkSize, headerByteLength, type ParseHeaderOptions } from "./header-byte-length.js";
import type { NpyVersion } from "./magic.js";
import { fail, type NpyError, utf8 } from "./npy-error.js";
import { type PyDict, type PyValue, parsePythonLiteral } from "./python-literal.js";

const KEYS = "'descr', 'fortran_order', 'shape'";

/**
 * What a .npy header says about its array.
 *
 * @example
 * ```ts
 * const header: NpyHeader = { descr: "<f4", fortranOrder: false, shape: [2, 3] };
 * const bytes = serializeHeader(header);
 * ```
 */
export interface NpyHeader {
  descr: Descr;
  fortranOrder: boolean;
  shape: number[];
}

/**
 * A header read from bytes: also its format version and where the data starts.
 *
 * @example
 * ```ts
 * const { descr, shape, version, dataOffset } = parseHeader(bytes);
 * const data = bytes.subarray(dataOffset);
 * ```
 */
export interface ParsedHeader extends NpyHeader {
  version: NpyVersion;
  /** Byte offset of the array data: the whole header's length. */
  dataOffset: number;
}

/**
 * Reads the .npy header at the start of `bytes` (more bytes after it are ignored) and checks it as
 * numpy does: exactly the keys descr, fortran_order and shape, a tuple of ints for shape, a bool for
 * fortran_order and a structurally valid descr.
 *
 * @example
 * ```ts
 * const { descr, shape, fortranOrder, dataOffset } = parseHeader(fileBytes);
 * ```
 */
export function parseHeader(bytes: Uint8Array, options: ParseHeaderOptions = {}): ParsedHeader {
  // undefined (a prefix too short to tell) fails the comparison too
  const dataOffset = headerByteLength(bytes, options)!;
  if (!(dataOffset <= bytes.length))
    fail("TRUNCATED", `${dataOffset ?? ">= 10"} bytes`, bytes.length, bytes.length, "incomplete file");
  const version = `${bytes[6]}.0` as NpyVersion;
  const start = version < "2" ? 10 : 12;
  // latin1, one char per byte (TextDecoder("latin1") is really windows-1252)
  let text = bytes.subarray(start, dataOffset).reduce((s, b) => s + String.fromCharCode(b), "");
  if (version > "3") {
    try {
      text = decodeURIComponent(escape(text));
    } catch {
      fail("HEADER_ENCODING", "UTF-8 (format 3.0)", "invalid UTF-8", start);
    }
    checkSize([...text].length, options);
  }

  let value: PyValue;
  try {
    value = parsePythonLiteral(text);
  } catch (err) {
    // the parser counts characters; NpyError.offset is a byte offset into the file
    const at = (err as NpyError).offset!;
    (err as { offset: number }).offset = start + (version > "3" ? utf8(text.slice(0, at)).length : at);
    throw err;
  }
  const entries = (value as PyDict | null)?.dict ?? fail("HEADER_SYNTAX", "a dict", show(value), start);
  // a key written twice counts once, with its last value, as in Python
  const dict = new Map(entries);
  const keys = [...dict.keys()].map(show).sort().join(", ");
  if (keys !== KEYS) fail("HEADER_KEYS", `the keys ${KEYS}`, keys || "none", start);
  const fortranOrder = dict.get("fortran_order");
  if (typeof fortranOrder !== "boolean")
    fail("BAD_FORTRAN_ORDER", "fortran_order: a bool", show(fortranOrder), start);
  return {
    version,
    descr: descrFromPython(dict.get("descr")),
    fortranOrder,
    shape: toDims(dict.get("shape"), "BAD_SHAPE", "shape"),
    dataOffset,
  };
}
