import { NpyError, type NpyStreamHeader, type ParsedHeader, reprDescr } from "npyio";

/** numpy's repr of a shape tuple: `()`, `(3,)`, `(2, 3)`. */
export function reprShape(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

/** `npy 1.0, '<f8', shape (3,)`: an array's header in a few words, for messages and `verify`. */
export function headerWords(header: Pick<ParsedHeader, "version" | "descr" | "shape">): string {
  return `npy ${header.version}, ${reprDescr(header.descr)}, shape ${reprShape(header.shape)}`;
}

/** The bytes a .npy file with this header has: the header and then every element. */
export function npyFileBytes(header: NpyStreamHeader): number {
  return header.dataOffset + header.shape.reduce((a, b) => a * b, 1) * header.dtype.itemsize;
}

/**
 * TRUNCATED when a .npy file of `size` bytes ends before the data its header declares, or else
 * undefined (`size` unknown included).
 */
export function truncation(header: NpyStreamHeader, size: number | undefined): NpyError | undefined {
  const want = npyFileBytes(header);
  if (size === undefined || size >= want) return undefined;
  return new NpyError(
    "TRUNCATED",
    `array data ends at byte ${size}, header declares ${want - header.dataOffset} bytes after byte ${header.dataOffset} (${headerWords(header)}); the file is incomplete`,
    { offset: size },
  );
}
