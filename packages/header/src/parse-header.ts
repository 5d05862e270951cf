import { type Descr, descrFromPython } from "./descr.js";
import { show, toDims } from "./dims.js";
import {
  checkBytes,
  headerByteLength,
  headerTooLarge,
  type ParseHeaderOptions,
  versionOf,
} from "./header-byte-length.js";
import { type NpyVersion, preambleLength } from "./magic.js";
import { isNpyError, NpyError } from "./npy-error.js";
import { parsePythonLiteral } from "./python-literal.js";

/** What a .npy header says about its array. */
export interface NpyHeader {
  descr: Descr;
  fortranOrder: boolean;
  shape: number[];
}

/** A header read from bytes: also its format version and where the data starts. */
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
  checkBytes(bytes);
  const dataOffset = headerByteLength(bytes, options);
  if (dataOffset === undefined || dataOffset > bytes.length) {
    throw new NpyError(
      "TRUNCATED",
      `expected ${dataOffset ?? "at least 10"} header bytes, found ${bytes.length}; the file is incomplete`,
      { offset: bytes.length },
    );
  }
  const version = versionOf(bytes);
  const start = preambleLength(version);
  const raw = bytes.subarray(start, dataOffset);
  let text = "";
  if (version === "3.0") {
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw);
    } catch (cause) {
      throw new NpyError(
        "HEADER_ENCODING",
        "expected a UTF-8 header (format 3.0), found invalid UTF-8; the file is corrupt",
        { offset: start, cause },
      );
    }
    const chars = [...text].length;
    const max = options.maxHeaderSize ?? 10000;
    if (chars > max) throw headerTooLarge(chars, max);
  } else {
    // latin1 by hand: TextDecoder("latin1") is really windows-1252
    for (let i = 0; i < raw.length; i += 8192) text += String.fromCharCode(...raw.subarray(i, i + 8192));
  }

  let dict: unknown;
  try {
    dict = parsePythonLiteral(text);
  } catch (err) {
    if (isNpyError(err) && err.offset !== undefined) {
      const before = text.slice(0, err.offset);
      const at = start + (version === "3.0" ? new TextEncoder().encode(before).length : before.length);
      throw new NpyError(err.code, err.message.replace(/character \d+/, `character $& (byte ${at})`), {
        offset: at,
        cause: err,
      });
    }
    throw err;
  }

  const entries = (dict as { dict?: [unknown, unknown][] }).dict;
  const values = new Map(entries?.filter(([k]) => typeof k === "string") as [string, unknown][]);
  if (!entries) {
    // numpy: "Header is not a dictionary"
    throw new NpyError(
      "HEADER_SYNTAX",
      `expected the header to be a Python dict literal, found ${show(dict)}; the file was not written by numpy or is corrupt`,
      { offset: start },
    );
  }
  if (entries.length !== 3 || !["descr", "fortran_order", "shape"].every((k) => values.has(k))) {
    throw new NpyError(
      "HEADER_KEYS",
      `expected a header dict with exactly the keys 'descr', 'fortran_order', 'shape', found ${
        entries
          .map(([k]) => show(k))
          .sort()
          .join(", ") || "no keys"
      }; the file was not written by numpy or is corrupt`,
      { offset: start },
    );
  }
  const fortranOrder = values.get("fortran_order");
  if (typeof fortranOrder !== "boolean") {
    throw new NpyError(
      "BAD_FORTRAN_ORDER",
      `expected fortran_order to be True or False, found ${show(fortranOrder)}; the header is corrupt`,
      { offset: start },
    );
  }
  return {
    version,
    descr: descrFromPython(values.get("descr")),
    fortranOrder,
    shape: toDims(values.get("shape"), "BAD_SHAPE", "shape"),
    dataOffset,
  };
}
