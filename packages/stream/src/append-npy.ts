import { open } from "node:fs/promises";
import type { NpyData } from "@npyio/dtype";
import type { NpyHeader } from "@npyio/header";
import { throwIfAborted, toNpyError } from "./abort.js";
import { fileSource } from "./file-source.js";
import type { NpyChunk } from "./npy-chunk.js";
import { npyAppendWritable } from "./npy-writable.js";
import { readHeader } from "./read-header.js";
import type { SeekableSink } from "./seekable-sink.js";
import type { StreamOptions } from "./stream-options.js";

/**
 * What {@link appendNpy} appends: data, chunks, or a stream or iterable of them.
 *
 * @example
 * ```ts
 * await appendNpy("log.npy", new Float64Array([1, 2, 3])); // typed data
 * await appendNpy("log.npy", response.body!.pipeThrough(new NpyDecoderStream())); // NpyChunks
 * ```
 */
export type AppendInput =
  | NpyData
  | NpyChunk
  | ReadableStream<NpyData | NpyChunk>
  | AsyncIterable<NpyData | NpyChunk>;

const isAsyncIterable = (x: AppendInput): x is AsyncIterable<NpyData | NpyChunk> =>
  typeof x === "object" && x !== null && Symbol.asyncIterator in x;

/**
 * Appends rows along axis 0 to the .npy file at `path`, in place: writes the new data after the old,
 * then rewrites the header (within its padding) with the new shape. If anything fails, the file is
 * cut back to its old length, so it is left as it was. Resolves with the new header.
 *
 * @example
 * ```ts
 * await appendNpy("log.npy", new Float64Array([1, 2, 3])); // log.npy has shape (n, 3): one more row
 * ```
 */
export async function appendNpy(
  path: string,
  input: AppendInput,
  options: StreamOptions = {},
): Promise<NpyHeader> {
  throwIfAborted(options.signal);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r+");
  } catch (err) {
    throw toNpyError(err, "IO_ERROR", `opening ${path}`);
  }
  try {
    const source = await fileSource(handle);
    const sink: SeekableSink = {
      async write(bytes, position) {
        try {
          let written = 0;
          while (written < bytes.length) {
            written += (await handle.write(bytes, written, bytes.length - written, position + written))
              .bytesWritten;
          }
        } catch (err) {
          throw toNpyError(err, "IO_ERROR", `writing to ${path}`);
        }
      },
      close: () => handle.sync(),
      // the header is rewritten last, so cutting the new bytes off restores the old file
      abort: () => handle.truncate(source.size).catch(() => {}),
    };
    const writable = npyAppendWritable(source, sink, options);
    if (input instanceof ReadableStream) {
      // an abort reaches the sink (which cuts the file back) before pipeTo rejects
      await input.pipeTo(writable, options.signal ? { signal: options.signal } : {}).catch((err: unknown) => {
        throw toNpyError(err, "IO_ERROR", `appending to ${path}`, options.signal);
      });
    } else {
      const writer = writable.getWriter();
      try {
        if (isAsyncIterable(input)) for await (const item of input) await writer.write(item);
        else await writer.write(input);
        await writer.close();
      } catch (err) {
        await writer.abort(err).catch(() => {});
        throw err;
      }
    }
    const { descr, fortranOrder, shape } = await readHeader(source);
    return { descr, fortranOrder, shape };
  } finally {
    await handle.close().catch(() => {});
  }
}
