/**
 * Node-only helpers: read an array or archive from a path, write one atomically. Also re-exports
 * the Node entries of @npyio/stream (fileSource, fileSink...) and @npyio/npz (openNpzFile...).
 */
import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { byteSwap, type NpyArray, nativeOrder, parseDescr } from "@npyio/dtype";
import { headerByteLength, isNpyError, NpyError, parseHeader } from "@npyio/header";
import { saveNpz } from "@npyio/npz";
import { nodeCodec } from "@npyio/npz/node";
import { kindOf } from "./load.js";
import { type LoadNpzOptions, readArchive } from "./load-npz.js";
import { type ParseOptions, parse, parseWith } from "./parse.js";
import { type ArrayInput, type SaveOptions, saveParts } from "./save.js";

export * from "@npyio/npz/node";
export * from "@npyio/stream/node";

/**
 * Options of {@link readFile}: those of {@link parse} (header limits, decoding) and a signal.
 *
 * @example
 * ```ts
 * const a = await readFile("big.npy", { maxHeaderSize: 100_000, copy: true });
 * ```
 */
export interface ReadFileOptions
  extends ParseOptions,
    Pick<LoadNpzOptions, "maxTotalBytes" | "maxMembers" | "maxRatio"> {
  signal?: AbortSignal;
}

/** The first read of a file: enough for the magic and any header up to this size. */
const PROBE = 1 << 16;
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
  const { signal } = options;
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const file = handle;
    const { size } = await file.stat();
    const bytes = new Uint8Array(size);
    let at = 0;
    const readInto = async (into: Uint8Array, offset: number, length: number, position: number) => {
      signal?.throwIfAborted();
      return (await file.read(into, offset, length, position)).bytesRead;
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
      n = await readInto(bytes, at, Math.min(size - at, 1 << 30), at);
    }
    return { bytes: at === size ? bytes : bytes.subarray(0, at) };
  } catch (err) {
    if (signal?.aborted) throw new NpyError("ABORTED", `reading ${String(path)} was aborted`, { cause: err });
    throw new NpyError("IO_ERROR", `reading ${String(path)} failed: ${(err as Error).message}`, {
      cause: err,
    });
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
  if (kindOf(bytes, String(path)) === "npz") return readArchive(bytes, options, nodeCodec);
  // swapped as it was read; otherwise the buffer is ours alone, so it can be swapped where it lies
  return swapped ? parseWith(bytes, options, swapped) : parse(bytes, { inPlace: true, ...options });
}

/**
 * Options of {@link writeFile}.
 *
 * @example
 * ```ts
 * await writeFile("out.npz", { a, b }, { compress: true });
 * ```
 */
export interface WriteFileOptions extends SaveOptions {
  /** For archives: deflate the members (numpy's `savez_compressed`). */
  compress?: boolean;
}

/**
 * Writes an array as `.npy`, a `Map`/record of arrays as `.npz`, or bytes as they are, atomically:
 * into a temporary file beside `path`, then renamed over it, so readers never see half a file.
 *
 * @example
 * ```ts
 * await writeFile("out.npy", { data: new Float32Array([1, 2, 3]) });
 * await writeFile("out.npz", new Map([["a", a]]), { compress: true });
 * ```
 */
export async function writeFile(
  path: string,
  value: NpyArray | ArrayInput | Map<string, NpyArray> | Record<string, NpyArray> | Uint8Array,
  options: WriteFileOptions = {},
): Promise<void> {
  if (typeof value !== "object" || value === null) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `writeFile needs an array ({ data, shape }), a Map or record of arrays, or bytes; got ${value === null ? "null" : typeof value}`,
    );
  }
  // an array's header and data are written one after the other, not joined into a copy first
  let parts: Uint8Array[];
  if (value instanceof Uint8Array) parts = [value];
  else if (value instanceof Map || !("data" in value)) {
    parts = [
      saveNpz(value as Map<string, NpyArray> | Record<string, NpyArray>, {
        compress: options.compress === true,
      }),
    ];
  } else parts = saveParts(value as ArrayInput, options);
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const file = await open(temp, "wx");
    try {
      for (const part of parts) {
        for (let at = 0; at < part.length; ) at += (await file.write(part, at)).bytesWritten;
      }
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    if (isNpyError(err)) throw err;
    throw new NpyError("IO_ERROR", `writing ${path} failed: ${(err as Error).message}`, { cause: err });
  }
}
