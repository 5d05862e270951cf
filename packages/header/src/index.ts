export type { Descr, DescrField, DescrFieldName, DescrSubarray } from "./descr.js";
export { reprDescr } from "./descr.js";
export { headerByteLength, type ParseHeaderOptions } from "./header-byte-length.js";
export { MAGIC, type NpyVersion } from "./magic.js";
export { isNpyError, NpyError, type NpyErrorCode, type NpyErrorOptions } from "./npy-error.js";
export { type NpyHeader, type ParsedHeader, parseHeader } from "./parse-header.js";
export { type PyDict, type PyTuple, type PyValue, parsePythonLiteral } from "./python-literal.js";
export { reprPython } from "./python-repr.js";
export { type SerializeHeaderOptions, serializeHeader } from "./serialize-header.js";
