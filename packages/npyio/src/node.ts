/**
 * Node-only helpers: read an array or archive from a path, write one atomically. Also re-exports
 * the Node entries of @npyio/stream (fileSource, fileSink...) and @npyio/npz (openNpzFile...).
 */
import { randomBytes } from "node:crypto";
import { readFile as readBytes, rename, rm, writeFile as writeBytes } from "node:fs/promises";
import type { NpyArray } from "@npyio/dtype";
import { isNpyError, NpyError } from "@npyio/header";
import { saveNpz } from "@npyio/npz";
import { type LoadOptions, load } from "./load.js";
import { type ArrayInput, type SaveOptions, save } from "./save.js";

export * from "@npyio/npz/node";
export * from "@npyio/stream/node";

/**
 * Reads a `.npy` file (→ `NpyArray`) or an `.npz` archive (→ `Map` of name → `NpyArray`).
 *
 * @example
 * ```ts
 * const a = await readFile("weights.npy");
 * ```
 */
export async function readFile(
  path: string | URL,
  options: LoadOptions = {},
): Promise<NpyArray | Map<string, NpyArray>> {
  let bytes: Uint8Array;
  try {
    const file = await readBytes(path);
    bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  } catch (err) {
    throw new NpyError("IO_ERROR", `reading ${String(path)} failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return load(bytes, options);
}

/** Options of {@link writeFile}. */
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
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value;
  else if (value instanceof Map || !("data" in value)) {
    bytes = saveNpz(value as Map<string, NpyArray> | Record<string, NpyArray>, {
      compress: options.compress === true,
    });
  } else bytes = save(value as ArrayInput, options);
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeBytes(temp, bytes);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    if (isNpyError(err)) throw err;
    throw new NpyError("IO_ERROR", `writing ${path} failed: ${(err as Error).message}`, { cause: err });
  }
}
