/**
 * Node-only helpers: read an array or archive from a path, write one atomically. Also re-exports
 * the Node entries of @npyio/stream (fileSource, fileSink...) and @npyio/npz (openNpzFile...).
 */
import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import type { NpyArray } from "@npyio/dtype";
import { isNpyError, NpyError } from "@npyio/header";
import { saveNpz } from "@npyio/npz";
import { nodeCodec } from "@npyio/npz/node";
import { kindOf } from "./load.js";
import { type LoadNpzOptions, readArchive } from "./load-npz.js";
import { type ParseOptions, parse } from "./parse.js";
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

/** The whole file in ONE buffer of its exact size, read straight into it (no chunks to join). */
async function readWhole(path: string | URL, signal: AbortSignal | undefined): Promise<Uint8Array> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const { size } = await handle.stat();
    const bytes = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(bytes, at, Math.min(size - at, 1 << 30), at);
      if (bytesRead === 0) break; // the file shrank while we read it: parse reports TRUNCATED
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
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
  const bytes = await readWhole(path, options.signal);
  if (kindOf(bytes, String(path)) === "npz") return readArchive(bytes, options, nodeCodec);
  // the buffer is ours alone, so big-endian data can be swapped where it lies
  return parse(bytes, { inPlace: true, ...options });
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
