import type { NpyArray } from "@npyio/dtype";
import { abortable, toNpyError } from "@npyio/stream";
import { fileSource, fileWritable, readFileBytes } from "@npyio/stream/node";
import { nodeCodec } from "./node-codec.js";
import type { NpzReaderOptions } from "./npz-reader.js";
import { NpzReader } from "./npz-reader.js";
import type { NpzWriterOptions } from "./npz-writer.js";
import { NpzWriter } from "./npz-writer.js";
import type { NpzArrays } from "./save-npz.js";
import { npzMembers } from "./save-npz.js";

export { nodeCodec } from "./node-codec.js";
export { saveNpz } from "./node-save-npz.js";

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
 * Reads a whole npz file like `dict(np.load(path))`: every member inflated in parallel on zlib's
 * thread pool. Without `signal` or `onProgress` each member's compressed bytes are read in 1 MiB
 * pieces straight into the inflater (numpy reads members in chunks too: no fresh buffer the size
 * of the file, which costs more than the read on machines with slow page faults, bench case 5).
 * With either, the file is read first (in 8 MiB pieces) and the members inflated in chunks:
 * `onProgress` reports the file's bytes read, then the compressed bytes inflated (`total`: their
 * sum); `signal` aborts either.
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
  const { signal, onProgress } = options;
  if (!signal && !onProgress) {
    const npz = await openNpzFile(path, options);
    try {
      return await npz.toMap();
    } finally {
      await npz.close();
    }
  }
  const bytes = await readFileBytes(path, { signal, onProgress });
  const npz = await NpzReader.open(bytes, { codec: nodeCodec, ...options, onProgress: undefined });
  return npz.toMap({ signal, onProgress });
}

/** The members written into `writer` in order, then the archive closed; ABORTED as soon as `signal` aborts. */
async function writeAll(
  writer: NpzWriter,
  arrays: NpzArrays,
  signal: AbortSignal | undefined,
): Promise<void> {
  // names (and the arrays' shapes) are checked before a byte is written
  const members = npzMembers(arrays);
  await abortable(
    Promise.all([...members.map(([key, array]) => writer.add(key, array)), writer.close()]),
    signal,
  );
}

/**
 * An npz archive in memory, with members deflated in parallel by native zlib (the async
 * counterpart of `saveNpz`). Takes `signal` and `onProgress` (archive bytes produced) as
 * {@link NpzWriter} does.
 *
 * @example
 * ```ts
 * const bytes = await saveNpzAsync({ x, y }, { compress: true, signal: AbortSignal.timeout(5_000) });
 * ```
 */
export async function saveNpzAsync(arrays: NpzArrays, options: NpzWriterOptions = {}): Promise<Uint8Array> {
  const writer = new NpzWriter({ codec: nodeCodec, ...options });
  const bytes = new Response(writer.readable).arrayBuffer();
  bytes.catch(() => {});
  try {
    await writeAll(writer, arrays, options.signal);
  } catch (err) {
    await writer.abort(err);
    throw err;
  }
  return new Uint8Array(await bytes);
}

/**
 * Writes an npz file atomically (through `fileWritable` of `@npyio/stream/node`): into a temporary
 * file beside `path`, flushed to disk, then renamed over `path`, so readers never see a
 * half-written archive; a failure or an abort deletes the temporary file before the promise
 * rejects, leaving `path` untouched. Members are deflated in parallel by native zlib with
 * `{ compress: true }`; `onProgress` reports the archive bytes written.
 *
 * @example
 * ```ts
 * await writeNpzFile("data.npz", { x, y }, { compress: true, signal: controller.signal });
 * ```
 */
export async function writeNpzFile(
  path: string,
  arrays: NpzArrays,
  options: NpzWriterOptions = {},
): Promise<void> {
  const { signal } = options;
  const members = npzMembers(arrays);
  const writer = new NpzWriter({ codec: nodeCodec, ...options });
  // the pipe aborts the file (deleting the temporary) when the archive fails or is aborted
  const written = writer.readable.pipeTo(fileWritable(path));
  written.catch(() => {});
  try {
    await writeAll(writer, new Map(members), signal);
    await written;
  } catch (err) {
    await writer.abort(err);
    await written.catch(() => {});
    throw toNpyError(err, "IO_ERROR", `writing ${path}`, signal);
  }
}
