import { type FileHandle, open } from "node:fs/promises";
import { throwIfAborted, toNpyError } from "./abort.js";
import { allocateBytes } from "./allocate-bytes.js";
import { READ_PIECE } from "./file-source.js";
import type { StreamOptions } from "./stream-options.js";

/**
 * A whole file in ONE buffer of its exact size, read straight into it in 8 MiB pieces: between two
 * pieces the signal is checked and `onProgress({ loaded, total })` reports the bytes read so far.
 * `TOO_LARGE` (before anything is read) for a file larger than one typed array can hold.
 *
 * @example
 * ```ts
 * const bytes = await readFileBytes("big.npy", { signal, onProgress: ({ loaded, total }) => bar(loaded / total!) });
 * ```
 */
export async function readFileBytes(path: string | URL, options: StreamOptions = {}): Promise<Uint8Array> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const { size } = await handle.stat();
    const bytes = allocateBytes(size, String(path));
    let at = 0;
    while (at < size) {
      throwIfAborted(signal);
      const { bytesRead } = await handle.read(bytes, at, Math.min(size - at, READ_PIECE), at);
      if (bytesRead === 0) break; // the file shrank while we read it: the parser reports TRUNCATED
      at += bytesRead;
      onProgress?.({ loaded: at, total: size });
    }
    throwIfAborted(signal);
    if (size === 0) onProgress?.({ loaded: 0, total: 0 });
    return at === size ? bytes : bytes.subarray(0, at);
  } catch (err) {
    throw toNpyError(err, "IO_ERROR", `reading ${String(path)}`, signal);
  } finally {
    await handle?.close().catch(() => {});
  }
}
