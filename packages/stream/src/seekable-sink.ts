import { NpyError } from "@npyio/header";
import { toNpyError } from "./abort.js";

/**
 * Where a writer that patches its header at the end writes: bytes at absolute positions, then
 * `close()` to commit or `abort()` to discard everything written (implementations are atomic).
 *
 * @example
 * ```ts
 * // an in-memory sink: what npyWritable writes, at the positions it writes them
 * const parts: Array<[position: number, bytes: Uint8Array]> = [];
 * const sink: SeekableSink = {
 *   write: async (bytes, position) => void parts.push([position, bytes.slice()]),
 *   close: async () => {},
 *   abort: async () => void (parts.length = 0),
 * };
 * ```
 */
export interface SeekableSink {
  /** Writes `bytes` at byte `position` of the file (positions may be revisited, e.g. the header). */
  write(bytes: Uint8Array, position: number): Promise<void>;
  /** Commits everything written. */
  close(): Promise<void>;
  /** Discards everything written. */
  abort(reason?: unknown): Promise<void>;
}

/**
 * The part of the browser's `FileSystemWritableFileStream` a {@link fileSystemSink} uses.
 *
 * @example
 * ```ts
 * const handle = await showSaveFilePicker();
 * const writable: FileSystemWritableLike = await handle.createWritable();
 * ```
 */
export interface FileSystemWritableLike {
  /** The `{ type: "write", position, data }` form of `FileSystemWritableFileStream.write`. */
  write(data: { type: "write"; position: number; data: Uint8Array<ArrayBuffer> }): Promise<void>;
  /** Replaces the file with what was written. */
  close(): Promise<void>;
  /** Leaves the file as it was. */
  abort(reason?: unknown): Promise<void>;
}

/**
 * A {@link SeekableSink} over a browser `FileSystemWritableFileStream` (from
 * `fileHandle.createWritable()`), which is atomic itself: the file changes only at `close()`.
 *
 * @example
 * ```ts
 * const handle = await showSaveFilePicker({ suggestedName: "out.npy" });
 * const writable = npyWritable(fileSystemSink(await handle.createWritable()), { dtype: "<f4", shape: [-1, 3] });
 * ```
 */
export function fileSystemSink(writable: FileSystemWritableLike): SeekableSink {
  if (typeof writable?.write !== "function" || typeof writable.close !== "function") {
    throw new NpyError("INVALID_ARGUMENT", "fileSystemSink needs a FileSystemWritableFileStream");
  }
  return {
    async write(data, position) {
      try {
        // npyio never writes from a SharedArrayBuffer
        await writable.write({ type: "write", position, data: data as Uint8Array<ArrayBuffer> });
      } catch (err) {
        throw toNpyError(err, "IO_ERROR", `writing ${data.length} bytes at ${position}`);
      }
    },
    async close() {
      try {
        await writable.close();
      } catch (err) {
        throw toNpyError(err, "IO_ERROR", "closing the file");
      }
    },
    abort: (reason) => writable.abort(reason).catch(() => {}),
  };
}
