/**
 * Every failure npyio reports. Codes are grouped by the package that raises them; the union lives
 * here because `@npyio/header` is the one package every other package depends on.
 *
 * @example
 * ```ts
 * const code: NpyErrorCode = "TRUNCATED";
 * if (isNpyError(err, code)) console.log(err.offset);
 * ```
 */
export type NpyErrorCode =
  // container (.npy preamble and header dict)
  | "BAD_MAGIC"
  | "UNSUPPORTED_VERSION"
  | "TRUNCATED"
  | "HEADER_SYNTAX"
  | "HEADER_KEYS"
  | "HEADER_TOO_LARGE"
  | "HEADER_ENCODING"
  | "BAD_SHAPE"
  | "BAD_FORTRAN_ORDER"
  // dtypes and data
  | "BAD_DESCR"
  | "OBJECT_DTYPE"
  | "UNSUPPORTED_DTYPE"
  | "BAD_DATA"
  | "LOSSY_CAST"
  // object arrays read with allowPickle
  | "UNSAFE_PICKLE"
  | "BAD_PICKLE"
  // streams, sources and sinks
  | "TRAILING_DATA"
  | "SHAPE_MISMATCH"
  | "ABORTED"
  | "HTTP_ERROR"
  | "RANGE_NOT_SUPPORTED"
  | "SOURCE_CHANGED"
  | "NOT_SEEKABLE"
  | "IO_ERROR"
  | "LIMIT_EXCEEDED"
  | "TOO_LARGE"
  | "INVALID_ARGUMENT"
  // npz archives
  | "BAD_ZIP"
  | "UNSUPPORTED_ZIP"
  | "CRC_MISMATCH"
  | "MEMBER_NOT_FOUND"
  | "DUPLICATE_NAME";

/**
 * Extra facts attached to an {@link NpyError}.
 *
 * @example
 * ```ts
 * throw new NpyError("IO_ERROR", "reading data.npy failed", { cause: err, offset: 128 });
 * ```
 */
export interface NpyErrorOptions {
  /** Byte offset in the input where the problem was found, when known. */
  offset?: number;
  /** The underlying error, if this one wraps another. */
  cause?: unknown;
}

/**
 * The one error class of npyio. Check it with {@link isNpyError}, which works across duplicate
 * installs, rather than `instanceof`.
 *
 * @example
 * ```ts
 * try { parseHeader(bytes) } catch (err) {
 *   if (isNpyError(err, "TRUNCATED")) console.log(err.offset);
 * }
 * ```
 */
export class NpyError extends Error {
  declare readonly code: NpyErrorCode;
  declare readonly offset: number | undefined;

  constructor(code: NpyErrorCode, message: string, options?: NpyErrorOptions) {
    // Error takes `cause` from the options and ignores `offset`
    super(message, options);
    this.name = "NpyError";
    this.code = code;
    this.offset = options?.offset;
  }
}

/**
 * True when `err` has the shape of an {@link NpyError} (and, if codes are given, one of those codes).
 * Checks the shape, not the prototype, so errors from another copy of npyio are recognised.
 *
 * @example
 * ```ts
 * if (isNpyError(err, "BAD_MAGIC", "UNSUPPORTED_VERSION")) showNotANpyFile();
 * ```
 */
export const isNpyError = (err: unknown, ...codes: NpyErrorCode[]): err is NpyError =>
  (err as NpyError | null)?.name === "NpyError" &&
  typeof (err as NpyError).code === "string" &&
  (!codes[0] || codes.includes((err as NpyError).code));

/** What most header errors tell the user to do. */
export const CORRUPT = "the header is corrupt or not from numpy";

/** Throws an {@link NpyError} whose message reads "expected …, found …; what to do". */
export function fail(
  code: NpyErrorCode,
  expected: string,
  found: unknown,
  offset?: number,
  todo = CORRUPT,
): never {
  throw new NpyError(code, `expected ${expected}, found ${found}; ${todo}`, { offset });
}

/** A string's UTF-8 bytes, one char each (a "binary string"). */
export const utf8 = (s: string): string => unescape(encodeURIComponent(s));
