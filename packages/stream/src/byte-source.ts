import { abortError, throwIfAborted, toNpyError } from "./abort.js";
import { checkIndex } from "./stream-options.js";

/**
 * Options of one {@link ByteSource.read}.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const tail = await source.read(source.size! - 22, 22, { signal: controller.signal });
 * ```
 */
export interface ReadOptions {
  signal?: AbortSignal | undefined;
}

/**
 * Random access to bytes: the primitive every reader here builds on. `read` resolves to at most
 * `length` bytes starting at `offset`; fewer only when the source ends first (an empty array past the
 * end). `size` is the total length when known (an HTTP source learns it from its first response).
 *
 * @example
 * ```ts
 * // any object with `read` is a source: here, bytes in memory
 * const source: ByteSource = {
 *   size: bytes.length,
 *   read: async (offset, length) => bytes.subarray(offset, offset + length),
 * };
 * const header = await readHeader(source);
 * ```
 */
export interface ByteSource {
  readonly size?: number | undefined;
  /** Up to `length` bytes from `offset`: fewer only at the end of the source, empty past it. */
  read(offset: number, length: number, options?: ReadOptions): Promise<Uint8Array>;
  /**
   * The last `length` bytes (all of them when the source is shorter), learning `size` on the way,
   * for a source that can do both at once (HTTP: one suffix request). Optional.
   */
  readTail?(length: number, options?: ReadOptions): Promise<Uint8Array>;
}

/** Checks the arguments of a `read` call and clamps `length` to what a source of `size` holds. */
export function clampRead(offset: number, length: number, size: number | undefined): number {
  checkIndex(offset, "offset");
  checkIndex(length, "length");
  return size === undefined ? length : Math.max(0, Math.min(length, size - offset));
}

/** Any binary input as a `Uint8Array` view of the same memory (no copy). */
export function asBytes(input: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return new Uint8Array(input);
}

/**
 * A {@link ByteSource} over bytes in memory. Reads are views of `bytes` (zero-copy): they change if
 * `bytes` changes.
 *
 * @example
 * ```ts
 * const header = await readHeader(bytesSource(await file.arrayBuffer()));
 * ```
 */
export function bytesSource(bytes: ArrayBuffer | ArrayBufferView): ByteSource {
  const all = asBytes(bytes);
  return {
    size: all.length,
    read(offset, length, options) {
      try {
        throwIfAborted(options?.signal);
        const n = clampRead(offset, length, all.length);
        return Promise.resolve(all.subarray(offset, offset + n));
      } catch (err) {
        return Promise.reject(err);
      }
    },
  };
}

/**
 * A {@link ByteSource} over a `Blob` or `File`: each read slices the blob, so only the bytes asked for
 * are loaded.
 *
 * @example
 * ```ts
 * // <input type="file">: only the header's bytes are read from disk
 * const header = await readHeader(blobSource(input.files![0]!));
 * ```
 */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async read(offset, length, options) {
      const signal = options?.signal;
      throwIfAborted(signal);
      const n = clampRead(offset, length, blob.size);
      if (n === 0) return new Uint8Array(0);
      let buffer: ArrayBuffer;
      try {
        buffer = await blob.slice(offset, offset + n).arrayBuffer();
      } catch (err) {
        throw toNpyError(err, "IO_ERROR", `reading bytes ${offset}..${offset + n} of the blob`, signal);
      }
      throwIfAborted(signal);
      return new Uint8Array(buffer);
    },
  };
}

/**
 * Options of {@link sourceReadable}.
 *
 * @example
 * ```ts
 * const data = sourceReadable(source, { start: header.dataOffset, chunkSize: 64 * 1024 });
 * ```
 */
export interface SourceReadableOptions {
  /** First byte to stream. Default 0. */
  start?: number;
  /** End (exclusive). Default: the source's size, or until a read comes back empty. */
  end?: number;
  /** Bytes per read. Default 1 MiB. */
  chunkSize?: number;
  signal?: AbortSignal | undefined;
}

/**
 * A pull-based `ReadableStream` over a {@link ByteSource}: one read per pull, so a slow consumer
 * slows the reads (backpressure) and memory stays at one chunk.
 *
 * @example
 * ```ts
 * const source = await fileSource("big.npy"); // from @npyio/stream/node
 * await sourceReadable(source).pipeThrough(new NpyDecoderStream()).pipeTo(sink);
 * ```
 */
export function sourceReadable(
  source: ByteSource,
  options: SourceReadableOptions = {},
): ReadableStream<Uint8Array> {
  const chunkSize = checkIndex(options.chunkSize ?? 1 << 20, "chunkSize", 1);
  let position = checkIndex(options.start ?? 0, "start");
  const end = options.end === undefined ? undefined : checkIndex(options.end, "end");
  const reading = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, reading.signal]) : reading.signal;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const limit = end ?? source.size;
        const want = limit === undefined ? chunkSize : Math.min(chunkSize, limit - position);
        if (want <= 0) return controller.close();
        const bytes = await source.read(position, want, { signal });
        if (options.signal?.aborted) throw abortError(options.signal);
        if (bytes.length === 0) return controller.close();
        position += bytes.length;
        controller.enqueue(bytes);
      },
      cancel(reason) {
        reading.abort(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
