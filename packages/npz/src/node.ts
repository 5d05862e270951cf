import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import type { NpyArray } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import { fileSource } from "@npyio/stream/node";
import { nodeCodec } from "./node-codec.js";
import type { NpzReaderOptions } from "./npz-reader.js";
import { NpzReader } from "./npz-reader.js";
import type { NpzWriterOptions } from "./npz-writer.js";
import { NpzWriter } from "./npz-writer.js";
import type { NpzArrays } from "./save-npz.js";
import { npzMembers } from "./save-npz.js";

export { nodeCodec } from "./node-codec.js";

function ioError(err: unknown, what: string): NpyError {
  if (typeof err === "object" && err !== null && (err as { name?: unknown }).name === "NpyError")
    return err as NpyError;
  const detail = err instanceof Error ? err.message : String(err);
  return new NpyError("IO_ERROR", `${what} failed: ${detail}`, { cause: err });
}

/**
 * Opens an npz file for random access with native zlib; only the tail and the members asked for
 * are read. Close it with `close()` (or `await using`).
 *
 * @example
 * ```ts
 * await using npz = await openNpzFile("weights.npz");
 * const w = await npz.get("w");
 * ```
 */
export async function openNpzFile(path: string | URL, options: NpzReaderOptions = {}): Promise<NpzReader> {
  const source = await fileSource(path);
  try {
    return await NpzReader.open(source, { codec: nodeCodec, ...options });
  } catch (err) {
    await source.close().catch(() => {});
    throw err;
  }
}

/**
 * Reads a whole npz file like `dict(np.load(path))`: one read of the file, then every member
 * inflated in parallel on zlib's thread pool.
 *
 * @example
 * ```ts
 * const arrays = await loadNpzFile("data.npz"); // Map: key → NpyArray
 * ```
 */
export async function loadNpzFile(
  path: string | URL,
  options: NpzReaderOptions = {},
): Promise<Map<string, NpyArray | Uint8Array>> {
  let bytes: Uint8Array;
  try {
    const buf = await readFile(path, { signal: options.signal });
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    throw ioError(err, `reading ${String(path)}`);
  }
  const npz = await NpzReader.open(bytes, { codec: nodeCodec, ...options });
  return npz.toMap({ signal: options.signal });
}

/**
 * An npz archive in memory, with members deflated in parallel by native zlib (the async
 * counterpart of `saveNpz`).
 *
 * @example
 * ```ts
 * const bytes = await saveNpzAsync({ x, y }, { compress: true });
 * ```
 */
export async function saveNpzAsync(arrays: NpzArrays, options: NpzWriterOptions = {}): Promise<Uint8Array> {
  const writer = new NpzWriter({ codec: nodeCodec, ...options });
  const bytes = new Response(writer.readable).arrayBuffer();
  await Promise.all([...npzMembers(arrays).map(([key, array]) => writer.add(key, array)), writer.close()]);
  return new Uint8Array(await bytes);
}

/**
 * Writes an npz file atomically: into a temporary file beside `path`, flushed to disk, then renamed
 * over `path`, so readers never see a half-written archive and a failure leaves `path` untouched.
 * Members are deflated in parallel by native zlib with `{ compress: true }`.
 *
 * @example
 * ```ts
 * await writeNpzFile("data.npz", { x, y }, { compress: true });
 * ```
 */
export async function writeNpzFile(
  path: string,
  arrays: NpzArrays,
  options: NpzWriterOptions = {},
): Promise<void> {
  // names are checked before the temporary file exists
  const members = npzMembers(arrays);
  const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, "wx");
    const file = handle;
    const writer = new NpzWriter({ codec: nodeCodec, ...options });
    const written = writer.readable.pipeTo(
      new WritableStream({
        async write(chunk) {
          let done = 0;
          while (done < chunk.length)
            done += (await file.write(chunk, done, chunk.length - done)).bytesWritten;
        },
      }),
    );
    const adding = Promise.all([...members.map(([key, array]) => writer.add(key, array)), writer.close()]);
    await Promise.all([adding, written]);
    await file.sync();
    await file.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (err) {
    await handle?.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw ioError(err, `writing ${path}`);
  }
}
