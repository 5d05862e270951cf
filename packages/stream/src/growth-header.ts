import { type NpyHeader, type NpyVersion, serializeHeader } from "@npyio/header";

/**
 * The header re-spaced to exactly `length` bytes, so it can overwrite a header of that length in
 * place: the dict keeps its text and only the space padding before the final newline changes.
 * Returns `undefined` when the dict does not fit (or the length field cannot hold the size).
 */
export function padHeader(header: Uint8Array, length: number): Uint8Array | undefined {
  if (header.length === length) return header;
  const start = header[6] === 1 ? 10 : 12; // version 1.0 has a 2-byte length field, 2.0 and 3.0 four
  let end = header.length - 1; // drop the newline and the spaces before it
  while (end > start && header[end - 1] === 0x20) end--;
  if (end + 1 > length || (start === 10 && length - start > 0xffff)) return undefined;
  const out = new Uint8Array(length).fill(0x20);
  out.set(header.subarray(0, end));
  const view = new DataView(out.buffer);
  if (start === 10) view.setUint16(8, length - start, true);
  else view.setUint32(8, length - start, true);
  out[length - 1] = 0x0a;
  return out;
}

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
  const chosen = version ?? versionOf(widest);
  const actual = serializeHeader({ ...header, shape: [rows, ...rest] }, { version: chosen });
  return padHeader(actual, Math.max(widest.length, actual.length)) ?? actual;
}

/** The format version of serialized header bytes. */
export const versionOf = (header: Uint8Array): NpyVersion =>
  header[6] === 1 ? "1.0" : header[6] === 2 ? "2.0" : "3.0";
