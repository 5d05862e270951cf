import {
  checkDataExtent,
  type DataExtent,
  type NpyError,
  type NpyStreamHeader,
  type ParsedHeader,
  reprDescr,
} from "npyio";

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

/** Where a .npy file's data lies by its header, named for messages (`checkDataExtent`). */
export function npyExtent(header: NpyStreamHeader): DataExtent {
  return {
    dataOffset: header.dataOffset,
    dataBytes: npyFileBytes(header) - header.dataOffset,
    about: headerWords(header),
  };
}

/**
 * TRUNCATED when a .npy file of `size` bytes ends before the data its header declares, or else
 * undefined (`size` unknown included): for commands that show what they can and then report it.
 */
export function truncation(header: NpyStreamHeader, size: number | undefined): NpyError | undefined {
  if (size === undefined) return undefined;
  try {
    checkDataExtent(npyExtent(header), size - header.dataOffset, { allowTrailing: true });
    return undefined;
  } catch (err) {
    return err as NpyError;
  }
}
