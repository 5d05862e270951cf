/**
 * Node-only helpers: read an array or archive from a path, write one atomically. Also re-exports
 * the Node entries of @npyio/stream (fileSource, fileSink...) and @npyio/npz (openNpzFile...).
 */
import { type FileHandle, open } from "node:fs/promises";
import { byteSwap, type NpyArray, nativeOrder, parseDescr } from "@npyio/dtype";
import type { ArrayInput } from "@npyio/dtype/convert";
import { headerByteLength, NpyError, parseHeader } from "@npyio/header";
import type { NpzArrays } from "@npyio/npz";
import { nodeCodec, writeNpzFile } from "@npyio/npz/node";
import { allocateBytes, type StreamOptions, throwIfAborted, toNpyError } from "@npyio/stream";
import { fileSink } from "@npyio/stream/node";
import { kindOf } from "./load.js";
import { type LoadNpzOptions, readArchive } from "./load-npz.js";
import { type ParseOptions, parse, parseWith } from "./parse.js";
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

/** The first read of a file: enough for the magic and any header up to this size. */
const PROBE = 1 << 16;
/** Bytes per read of native-order data. */
const READ_PIECE = 8 << 20;
/** Bytes per read of big-endian data, swapped in this buffer (in cache) before they go to their place. */
const PIECE = 1 << 20;

/** How the data of a .npy file whose header is in `prefix` must be swapped, if it must. */
function swapOf(
  prefix: Uint8Array,
  options: ParseOptions,
): { order: NativeOrder; dataOffset: number } | undefined {
  try {
    if (kindOf(prefix, "") !== "npy") return undefined;
    const length = headerByteLength(prefix, options);
    if (length === undefined || length > prefix.length) return undefined;
    const header = parseHeader(prefix.subarray(0, length), options);
    const order = nativeOrder(parseDescr(header.descr, options));
    return order ? { order, dataOffset: header.dataOffset } : undefined;
  } catch {
    return undefined; // parse says what is wrong, on the whole file
  }
}

type NativeOrder = NonNullable<ReturnType<typeof nativeOrder>>;

/**
 * The whole file in ONE buffer of its exact size, read straight into it (no chunks to join). The
 * data of a big-endian .npy is read piece by piece through a 1 MiB buffer instead, swapped there
 * while in cache and copied to its place, so the array's memory is written once (a second pass
 * over freshly read pages costs as much as the read itself on some VMs); `swapped` says so.
 */
async function readWhole(
  path: string | URL,
  options: ReadFileOptions,
): Promise<{ bytes: Uint8Array; swapped?: NativeOrder }> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const file = handle;
    const { size } = await file.stat();
    const bytes = allocateBytes(size, String(path));
    let at = 0;
    let loaded = 0;
    // every read is at most 8 MiB: the signal is checked and progress reported between two
    const readInto = async (into: Uint8Array, offset: number, length: number, position: number) => {
      throwIfAborted(signal);
      const n = (await file.read(into, offset, length, position)).bytesRead;
      loaded = Math.max(loaded, position + n);
      onProgress?.({ loaded, total: size });
      return n;
    };
    // the file shrank while we read it when a read returns 0: parse reports TRUNCATED
    for (let n = 1; at < Math.min(size, PROBE) && n > 0; at += n) {
      n = await readInto(bytes, at, Math.min(size, PROBE) - at, at);
    }
    const swap = at < size ? swapOf(bytes.subarray(0, at), options) : undefined;
    if (swap) {
      const { order, dataOffset } = swap;
      // the whole units read so far are swapped where they lie; the rest goes through the piece buffer
      at -= (at - dataOffset) % order.width;
      byteSwap(bytes.subarray(dataOffset, at), order.width);
      const piece = new Uint8Array(PIECE - (PIECE % order.width));
      for (let n = 1; at < size && n > 0; at += n) {
        n = await readInto(piece, 0, Math.min(size - at, piece.length), at);
        // a short read can end inside a unit: only whole units advance (a partial unit at the very
        // end of the file stays as it is, and parse reports the length)
        if (n >= order.width) n -= n % order.width;
        byteSwap(piece.subarray(0, n - (n % order.width)), order.width);
        bytes.set(piece.subarray(0, n), at);
      }
      return { bytes: at === size ? bytes : bytes.subarray(0, at), swapped: order };
    }
    for (let n = 1; at < size && n > 0; at += n) {
      n = await readInto(bytes, at, Math.min(size - at, READ_PIECE), at);
    }
    return { bytes: at === size ? bytes : bytes.subarray(0, at) };
  } catch (err) {
    throw toNpyError(err, "IO_ERROR", `reading ${String(path)}`, signal);
  } finally {
    await handle?.close();
  }
}

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
  const { bytes, swapped } = await readWhole(path, options);
  throwIfAborted(options.signal);
  if (kindOf(bytes, String(path)) === "npz") return readArchive(bytes, options, nodeCodec);
  // swapped as it was read; otherwise the buffer is ours alone, so it can be swapped where it lies
  return swapped ? parseWith(bytes, options, swapped) : parse(bytes, { inPlace: true, ...options });
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
