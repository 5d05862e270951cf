import { closeSync, openSync, readSync } from "node:fs";

/**
 * Just enough of the .npy layout to check results independently of npyio: where the data starts.
 * (Parsing the header dict is npyio's job; the bench only needs the offset to read expected values.)
 */
export function npyDataOffset(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  return major === 1 ? 10 + view.getUint16(8, true) : 12 + view.getUint32(8, true);
}

/** A v1.0 .npy header for a 1-d array, padded to 64 bytes as numpy does (ARRAY_ALIGN). */
export function npyHeader(descr: string, length: number): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${length},), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const text = `${dict}${" ".repeat(total - 10 - dict.length - 1)}\n`;
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(new TextEncoder().encode(text), 10);
  return out;
}

/** The bytes of element `index` (of `itemsize` bytes) of a .npy file, read from disk alone. */
export function npyElementAt(path: string, index: number, itemsize: number): DataView {
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(12);
    readSync(fd, head, 0, head.length, 0);
    const out = new Uint8Array(itemsize);
    readSync(fd, out, 0, itemsize, npyDataOffset(head) + index * itemsize);
    return new DataView(out.buffer);
  } finally {
    closeSync(fd);
  }
}
