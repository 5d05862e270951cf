/**
 * Node-only helpers: read an array or archive from a path, write one atomically. Also re-exports
 * the Node entries of @npyio/stream (fileSource, fileSink...) and @npyio/npz (openNpzFile...).
 */
import type { NpyArray } from "@npyio/dtype";
import type { ArrayInput } from "@npyio/dtype/convert";
import { NpyError } from "@npyio/header";
import type { NpzArrays } from "@npyio/npz";
import { nodeCodec, writeNpzFile } from "@npyio/npz/node";
import { type StreamOptions, throwIfAborted, toNpyError } from "@npyio/stream";
import { fileSink, readFileBytes } from "@npyio/stream/node";
import { kindOf } from "./load.js";
import { type LoadNpzOptions, readArchive } from "./load-npz.js";
import { type ParseOptions, parse } from "./parse.js";
import { type SaveOptions, saveParts } from "./save.js";

export * from "@npyio/npz/node";
export * from "@npyio/stream/node";

/**
 * Options of {@link readFile}: those of {@link parse} (header limits, decoding), the archive limits,
 * and `signal` / `onProgress`: the file is read in 8 MiB pieces, the signal checked and progress
 * reported (bytes of the file read, `total` its size) between two pieces; an archive's members
 * are then inflated in chunks (progress: their compressed bytes).
 *
 * @example
 * ```ts
 * const a = await readFile("big.npy", { maxHeaderSize: 100_000, copy: true, signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface ReadFileOptions
  extends ParseOptions,
    StreamOptions,
    Pick<LoadNpzOptions, "maxTotalBytes" | "maxMembers" | "maxRatio"> {}

/**
 * Reads a `.npy` file (→ `NpyArray`) or an `.npz` archive (→ `Map` of name → `NpyArray`). The file
 * is read straight into one buffer of its size; the array's data is a view of it (big-endian data
 * is swapped in that same buffer), and archive members are inflated by native zlib in parallel.
 *
 * @example
 * ```ts
 * const a = await readFile("weights.npy");
 * ```
 */
export async function readFile(
  path: string | URL,
  options: ReadFileOptions = {},
): Promise<NpyArray | Map<string, NpyArray>> {
  const { signal, onProgress } = options;
  const bytes = await readFileBytes(path, { signal, onProgress });
  if (kindOf(bytes, String(path)) === "npz") return readArchive(bytes, options, nodeCodec);
  // the buffer is ours alone, so big-endian data can be swapped where it lies
  return parse(bytes, { inPlace: true, ...options });
}

/**
 * Options of {@link writeFile}. `signal` aborts the write (the temporary file is deleted before the
 * promise rejects); `onProgress({ loaded, total })` reports the bytes written.
 *
 * @example
 * ```ts
 * await writeFile("out.npz", { a, b }, { compress: true, onProgress: ({ loaded }) => console.log(loaded) });
 * ```
 */
export interface WriteFileOptions extends SaveOptions, StreamOptions {
  /** For archives: deflate the members (numpy's `savez_compressed`). */
  compress?: boolean;
}

/** Bytes per write: the signal is checked and progress reported between two. */
const WRITE_PIECE = 8 << 20;

/**
 * Writes an array as `.npy`, a `Map`/record of arrays as `.npz`, or bytes as they are, atomically:
 * into a temporary file beside `path`, flushed, then renamed over it, so readers never see half a
 * file (`fileSink` of `@npyio/stream/node`, or `writeNpzFile` for archives). Arrays are what `save`
 * takes: an `NpyArray` or `{ data, shape?, dtype?, fortranOrder? }`, alone or as archive members.
 *
 * @example
 * ```ts
 * await writeFile("out.npy", { data: new Float32Array([1, 2, 3]) });
 * await writeFile("out.npz", new Map([["a", { data: new Int32Array([1, 2]) }]]), { compress: true });
 * ```
 */
export async function writeFile(
  path: string,
  value: NpyArray | ArrayInput | NpzArrays | Uint8Array,
  options: WriteFileOptions = {},
): Promise<void> {
  if (typeof value !== "object" || value === null) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `writeFile needs an array ({ data, shape }), a Map or record of arrays, or bytes; got ${value === null ? "null" : typeof value}`,
    );
  }
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  if (
    !(value instanceof Uint8Array) &&
    (value instanceof Map || Array.isArray(value) || !("data" in value))
  ) {
    // deflated in slices by native zlib, the signal checked between them
    return writeNpzFile(path, value as NpzArrays, {
      compress: options.compress === true,
      signal,
      onProgress,
    });
  }
  // an array's header and data are written one after the other, not joined into a copy first
  const parts = value instanceof Uint8Array ? [value] : saveParts(value as NpyArray | ArrayInput, options);
  const total = parts.reduce((n, p) => n + p.length, 0);
  const sink = fileSink(path);
  let loaded = 0;
  try {
    for (const part of parts) {
      for (let at = 0; at < part.length; at += WRITE_PIECE) {
        throwIfAborted(signal);
        const piece = part.subarray(at, at + WRITE_PIECE);
        await sink.write(piece, loaded);
        loaded += piece.length;
        onProgress?.({ loaded, total });
      }
    }
    throwIfAborted(signal);
    await sink.close();
  } catch (err) {
    // the temporary file is gone before the caller hears of the failure
    await sink.abort(err);
    throw toNpyError(err, "IO_ERROR", `writing ${path}`, signal);
  }
}
