import {
  type DecodeOptions,
  type DType,
  decode,
  type NpyArray,
  type NpyData,
  type ParseDescrOptions,
  parseDescr,
} from "@npyio/dtype";
import { type AllowPickleOptions, decodeObjectArray } from "@npyio/dtype/pickle";
import {
  checkDataExtent,
  isNpyError,
  type NpyVersion,
  type ParseHeaderOptions,
  parseHeader,
  reprDescr,
} from "@npyio/header";

/**
 * Options of {@link parse}: header limits, long-double handling, decoding choices and
 * `allowPickle` for object arrays.
 *
 * @example
 * ```ts
 * const a = parse(bytes, { copy: true, maxHeaderSize: 100_000 });
 * ```
 */
export interface ParseOptions
  extends ParseHeaderOptions,
    ParseDescrOptions,
    DecodeOptions,
    AllowPickleOptions {}

/**
 * An array read from a `.npy` file, with the file's format version so that {@link save} writes
 * the same bytes back.
 *
 * @example
 * ```ts
 * const a: ParsedNpyArray = parse(bytes);
 * a.version; // "1.0", "2.0" or "3.0"
 * ```
 */
export interface ParsedNpyArray<D extends NpyData = NpyData> extends NpyArray<D> {
  version: NpyVersion;
}

const shapeText = (shape: readonly number[]): string =>
  `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;

/**
 * Reads a whole `.npy` file held in memory. Native-endian aligned numeric data is a view of
 * `bytes` (no copy) unless `{ copy: true }`.
 *
 * An object array (`dtype=object`) is refused with `OBJECT_DTYPE` unless `{ allowPickle: true }`,
 * which reads its pickle as plain data without calling anything (`@npyio/dtype/pickle`).
 *
 * @throws NpyError — `TRUNCATED` when the data is shorter than the header declares,
 * `TRAILING_DATA` when bytes follow it, and every header and dtype error; with `allowPickle`,
 * `UNSAFE_PICKLE`, `BAD_PICKLE` and `LIMIT_EXCEEDED` from the pickle.
 *
 * @example
 * ```ts
 * const { shape, data } = parse(new Uint8Array(await file.arrayBuffer()));
 * ```
 */
export function parse(bytes: Uint8Array | ArrayBuffer, options: ParseOptions = {}): ParsedNpyArray {
  return parseWith(bytes, options);
}

/**
 * {@link parse}, for a reader that has already brought the data into native order as it read it
 * (`swapped`, from `nativeOrder`): the data decodes as `swapped.dtype`, the result keeps the file's.
 */
export function parseWith(
  bytes: Uint8Array | ArrayBuffer,
  options: ParseOptions,
  swapped?: { dtype: DType },
): ParsedNpyArray {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  const header = parseHeader(view, options);
  let dtype: ReturnType<typeof parseDescr>;
  try {
    dtype = parseDescr(header.descr, options);
  } catch (err) {
    if (!options.allowPickle || !isNpyError(err, "OBJECT_DTYPE")) throw err;
    const array = decodeObjectArray(view.subarray(header.dataOffset), { ...options, shape: header.shape });
    return { ...array, version: header.version };
  }
  const count = header.shape.reduce((a, b) => a * b, 1);
  checkDataExtent(
    {
      dataOffset: header.dataOffset,
      dataBytes: count * dtype.itemsize,
      about: `shape ${shapeText(header.shape)}, ${reprDescr(header.descr)}`,
    },
    view.length - header.dataOffset,
  );
  const data = decode(swapped?.dtype ?? dtype, view.subarray(header.dataOffset), options);
  return { dtype, shape: header.shape, fortranOrder: header.fortranOrder, data, version: header.version };
}
