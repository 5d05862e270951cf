import type { NpyErrorCode } from "@npyio/header";

/**
 * Every NpyErrorCode, at run time. `satisfies` makes this list exhaustive: a code added to the union
 * fails the typecheck here until it is listed, so "a code from NpyErrorCode" stays exact.
 */
const CODES = {
  BAD_MAGIC: true,
  UNSUPPORTED_VERSION: true,
  TRUNCATED: true,
  HEADER_SYNTAX: true,
  HEADER_KEYS: true,
  HEADER_TOO_LARGE: true,
  HEADER_ENCODING: true,
  BAD_SHAPE: true,
  BAD_FORTRAN_ORDER: true,
  BAD_DESCR: true,
  OBJECT_DTYPE: true,
  UNSUPPORTED_DTYPE: true,
  BAD_DATA: true,
  LOSSY_CAST: true,
  UNSAFE_PICKLE: true,
  BAD_PICKLE: true,
  TRAILING_DATA: true,
  SHAPE_MISMATCH: true,
  ABORTED: true,
  HTTP_ERROR: true,
  RANGE_NOT_SUPPORTED: true,
  SOURCE_CHANGED: true,
  NOT_SEEKABLE: true,
  IO_ERROR: true,
  LIMIT_EXCEEDED: true,
  TOO_LARGE: true,
  INVALID_ARGUMENT: true,
  BAD_ZIP: true,
  UNSUPPORTED_ZIP: true,
  CRC_MISMATCH: true,
  MEMBER_NOT_FOUND: true,
  DUPLICATE_NAME: true,
} satisfies Record<NpyErrorCode, true>;

export const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys(CODES));
