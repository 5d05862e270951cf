import { type FileHandle, open } from "node:fs/promises";
import { throwIfAborted, toNpyError } from "./abort.js";
import { allocateBytes } from "./allocate-bytes.js";
import type { ByteSource, ReadOptions } from "./byte-source.js";
import { clampRead } from "./byte-source.js";

/** Largest single read from the file: at disk speed a few milliseconds, so an abort waits no longer. */
export const READ_PIECE = 8 << 20;

/**
 * A {@link ByteSource} over a local file; `close()` closes the file if `fileSource` opened it.
 *
 * @example
 * ```ts
 * await using source = await fileSource("big.npy");
 * console.log(source.size);
 * ```
 */
export interface FileSource extends ByteSource {
  readonly size: number;
  /** Closes the file if `fileSource` opened it (a `FileHandle` passed in stays open). */
  close(): Promise<void>;
  /** `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * True for what Node reads from disk rather than fetches: a `file:` URL (string or `URL`), or a
 * string with no URL scheme (a path, absolute or relative; `C:\\data\\a.npy` is a path too).
 *
 * @example
 * ```ts
 * isLocalPath("data/a.npy"); // true
 * isLocalPath("file:///data/a.npy"); // true
 * isLocalPath("https://example.org/a.npy"); // false
 * ```
 */
export function isLocalPath(input: unknown): input is string | URL {
  if (input instanceof URL) return input.protocol === "file:";
  if (typeof input !== "string") return false;
  const scheme = /^([a-z][a-z\d+.-]+):/i.exec(input)?.[1];
  return scheme === undefined || scheme.toLowerCase() === "file";
}

/**
 * Opens a file (or wraps an open `FileHandle`) as a {@link ByteSource}. The size is taken when it is
 * opened. A handle passed in stays open; a path is opened here and closed by `close()`.
 *
 * @example
 * ```ts
 * await using source = await fileSource("big.npy");
 * const firstRows = await readRows(source, 0, 10);
 * ```
 */
export async function fileSource(file: string | URL | FileHandle): Promise<FileSource> {
  const owned = typeof file === "string" || file instanceof URL;
  let handle: FileHandle;
  let size: number;
  try {
    handle = owned
      ? await open(typeof file === "string" && /^file:/i.test(file) ? new URL(file) : file, "r")
      : file;
  } catch (err) {
    throw toNpyError(err, "IO_ERROR", `opening ${owned ? String(file) : "the file"}`);
  }
  try {
    size = (await handle.stat()).size;
  } catch (err) {
    if (owned) await handle.close().catch(() => {});
    throw toNpyError(err, "IO_ERROR", "reading the file size");
  }
  const close = async () => {
    if (owned) await handle.close();
  };
  return {
    size,
    async read(offset: number, length: number, options?: ReadOptions) {
      const signal = options?.signal;
      throwIfAborted(signal);
      const n = clampRead(offset, length, size);
      const out = allocateBytes(n, `bytes ${offset}..${offset + n} of the file`);
      let filled = 0;
      try {
        while (filled < n) {
          // in pieces, so an abort is seen between two of them however large the read
          const piece = Math.min(n - filled, READ_PIECE);
          const { bytesRead } = await handle.read(out, filled, piece, offset + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
          throwIfAborted(signal);
        }
      } catch (err) {
        throw toNpyError(err, "IO_ERROR", `reading bytes ${offset}..${offset + n} of the file`, signal);
      }
      return filled === n ? out : out.subarray(0, filled);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
