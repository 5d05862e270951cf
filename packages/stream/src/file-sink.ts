import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { toNpyError } from "./abort.js";
import type { SeekableSink } from "./seekable-sink.js";

/**
 * An atomic {@link SeekableSink} for a new file: bytes go to a temporary file beside `path`, renamed
 * over `path` by `close()`; `abort()` (or a failed `close()`) deletes it, so `path` is either the
 * complete new file or untouched. The file is opened on the first write.
 *
 * @example
 * ```ts
 * const out = npyWritable(fileSink("rows.npy"), { dtype: "<f8", shape: [-1, 2] }); // from @npyio/stream/seekable
 * ```
 */
export function fileSink(path: string): SeekableSink {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: Promise<FileHandle> | undefined;
  let done = false;
  const opened = () => {
    handle ??= open(temp, "wx").catch((err: unknown) => {
      throw toNpyError(err, "IO_ERROR", `creating ${temp}`);
    });
    return handle;
  };
  const discard = async () => {
    if (done) return;
    done = true;
    if (!handle) return;
    await (await handle.catch(() => undefined))?.close().catch(() => {});
    await unlink(temp).catch(() => {});
  };
  return {
    async write(bytes, position) {
      const fh = await opened();
      try {
        let written = 0;
        while (written < bytes.length) {
          const r = await fh.write(bytes, written, bytes.length - written, position + written);
          written += r.bytesWritten;
        }
      } catch (err) {
        throw toNpyError(err, "IO_ERROR", `writing ${bytes.length} bytes at ${position} of ${path}`);
      }
    },
    async close() {
      try {
        const fh = await opened();
        await fh.sync();
        await fh.close();
        await rename(temp, path);
        done = true;
      } catch (err) {
        await discard();
        throw toNpyError(err, "IO_ERROR", `saving ${path}`);
      }
    },
    abort: discard,
  };
}

/**
 * An atomic `WritableStream` of bytes to `path` (through {@link fileSink}): the file appears, whole,
 * when the stream closes; on error or abort nothing is left.
 *
 * @example
 * ```ts
 * await response.body!.pipeThrough(new NpyDecoderStream()).pipeThrough(castStream("<f4"))
 *   .pipeThrough(new NpyEncoderStream()).pipeTo(fileWritable("out.npy"));
 * ```
 */
export function fileWritable(path: string): WritableStream<Uint8Array> {
  const sink = fileSink(path);
  let position = 0;
  return new WritableStream<Uint8Array>({
    async write(bytes) {
      await sink.write(bytes, position);
      position += bytes.length;
    },
    close: () => sink.close(),
    abort: (reason) => sink.abort(reason),
  });
}
