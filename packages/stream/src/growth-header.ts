import { type NpyHeader, type NpyVersion, parseHeader, serializeHeader } from "@npyio/header";

/**
 * A header whose shape can later be rewritten in place for any length along axis 0 (up to 2**53 - 1):
 * the header for `rows` rows, padded to the length of the header for the largest possible count.
 * numpy already leaves this room (GROWTH_AXIS_MAX_DIGITS); the padding here makes it explicit.
 */
export function growthHeader(header: NpyHeader, rows: number, version?: NpyVersion): Uint8Array {
  const rest = header.shape.slice(1);
  const rowElements = rest.reduce((a, b) => a * b, 1);
  const most =
    rowElements === 0 ? Number.MAX_SAFE_INTEGER : Math.floor(Number.MAX_SAFE_INTEGER / rowElements);
  const widest = serializeHeader(
    { ...header, shape: [most, ...rest] },
    version === undefined ? {} : { version },
  );
  // rows <= most, so the header for `rows` always fits in the widest one's length
  return serializeHeader(
    { ...header, shape: [rows, ...rest] },
    {
      version: version ?? parseHeader(widest, { maxHeaderSize: widest.length }).version,
      byteLength: widest.length,
    },
  );
}
