import type { NpyArray } from "@npyio/dtype";
import type { ArrayInput } from "@npyio/dtype/convert";
import type { StreamOptions } from "@npyio/stream";
import { abortable, abortError, onAbort, throwIfAborted } from "@npyio/stream";
import { crc32 } from "./crc32.js";
import { encodeNpyMember } from "./npy-member.js";
import type { ZipWriteOptions } from "./serialize-zip.js";
import { checkLevel } from "./serialize-zip.js";
import { defaultCodec } from "./web-codec.js";
import type { ZipCodec } from "./zip-codec.js";
import { deflateChunked } from "./zip-codec.js";
import { fail } from "./zip-error.js";
import { lengthOf, METHOD_DEFLATE, METHOD_STORED } from "./zip-format.js";
import { zipWriter } from "./zip-writer.js";

/**
 * Options of {@link NpzWriter} and `NpzEncoderStream`.
 *
 * @example
 * ```ts
 * const npz = new NpzWriter({ compress: true, level: 9, signal: controller.signal });
 * ```
 */
export interface NpzWriterOptions extends ZipWriteOptions, StreamOptions {
  /** The deflate engine; default: native CompressionStream where available (default level), else fflate. */
  codec?: ZipCodec;
  /**
   * Aborts the archive: `readable` errors and every pending `add` rejects with `ABORTED` at once,
   * even while a member is being deflated or nobody reads `readable` (as {@link NpzWriter.abort}).
   */
  signal?: AbortSignal | undefined;
}

/**
 * Per-member options; they override the writer's.
 *
 * @example
 * ```ts
 * npz.add("labels", labels, { compress: false }); // store this one, deflate the rest
 * ```
 */
export interface NpzMemberOptions {
  compress?: boolean;
  level?: number;
}

/** Uncompressed bytes the deflater gets in one step (a few ms of work): the signal is checked between. */
const DEFLATE_SLICE = 1 << 20;

/**
 * Writes an npz archive as a stream of bytes: arrays given whole (compressed in the background as
 * soon as they are added, so several members deflate in parallel where the engine can) or streamed
 * in (for example from an `NpyEncoderStream`), members stored or deflated. Sizes and CRC-32 go in
 * the local header when the member is whole, in a data descriptor when it is streamed. Timestamps
 * are numpy's fixed 1980-01-01, so the same input gives the same bytes.
 *
 * Read `readable` while adding (pipe it somewhere first): the writer waits for its reader.
 * `onProgress({ loaded })` reports the archive bytes written to `readable` so far (`total` is not
 * known ahead). Deflate runs in slices of 1 MiB with the signal checked between them, so an abort
 * (by `signal` or {@link NpzWriter.abort}) rejects within milliseconds; a streamed member is
 * deflated as it arrives, in bounded memory, whatever the engine.
 *
 * @example
 * ```ts
 * const npz = new NpzWriter({ compress: true });
 * const done = new Response(npz.readable).arrayBuffer();
 * npz.add("a", a);
 * npz.add("b", b);
 * await npz.close();
 * const bytes = new Uint8Array(await done);
 * ```
 */
export class NpzWriter {
  /** The archive's bytes. */
  readonly readable: ReadableStream<Uint8Array>;
  readonly #add: (
    name: string,
    content: (() => Uint8Array[]) | ReadableStream<Uint8Array>,
    options?: NpzMemberOptions,
  ) => Promise<void>;
  readonly #end: (abort: boolean, reason?: unknown) => Promise<void>;

  constructor(options: NpzWriterOptions = {}) {
    checkLevel(options.level);
    const codec = options.codec ?? defaultCodec();
    const crcOf = codec.crc32 ?? crc32;
    const zip = zipWriter(options.forceZip64);
    const pipe = new TransformStream<Uint8Array, Uint8Array>();
    const out = pipe.writable.getWriter();
    // abort() and the caller's signal stop the same way
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    let queue = Promise.resolve();
    let closed = false;
    let loaded = 0;
    this.readable = pipe.readable;
    onAbort(signal, () => {
      closed = true;
      out.abort(abortError(signal)).catch(() => {});
    });
    const write = async (chunk: Uint8Array) => {
      throwIfAborted(signal);
      // an unread `readable` holds this write; the signal does not wait for it
      await abortable(out.write(chunk), signal);
      loaded += chunk.length;
      options.onProgress?.({ loaded, total: undefined });
    };
    const enqueue = (op: () => Promise<void>) => {
      const run = queue.then(op);
      // one failed member leaves a broken archive: fail the stream and every later call
      queue = run.catch((err) => {
        out.abort(err).catch(() => {});
        throw err;
      });
      queue.catch(() => {});
      return abortable(run, signal);
    };
    this.#end = async (abort, reason) => {
      if (abort) {
        stop.abort(reason);
        return;
      }
      closed = true;
      return enqueue(async () => {
        await write(zip.finish());
        await out.close();
      });
    };
    // async, but everything before the first await runs in the call: members queue in call order
    this.#add = async (name, content, member = {}) => {
      // CRC-32 and size of the member's uncompressed bytes
      let crc = 0;
      let size = 0;
      const count = (p: Uint8Array) => {
        crc = crcOf(p, crc);
        size += p.length;
      };
      throwIfAborted(signal);
      if (closed) fail(`cannot add "${name}": the writer is closed`, undefined, "INVALID_ARGUMENT");
      zip.claim(name);
      const level = checkLevel(member.level ?? options.level);
      const method = (member.compress ?? options.compress) ? METHOD_DEFLATE : METHOD_STORED;
      let body: Promise<Uint8Array[]> | ReadableStream<Uint8Array>;
      if (typeof content === "function") {
        const parts = content();
        parts.forEach(count);
        // compression starts now, in parallel with earlier members; writing waits its turn
        body = method ? deflateChunked(codec, parts, level, signal) : Promise.resolve(parts);
        body.catch(() => {});
      } else {
        body = content.pipeThrough(
          new TransformStream({
            transform(chunk, c) {
              count(chunk);
              // slices: the deflater works on one at a time, so it never holds much more than one
              for (let i = 0; i < chunk.length; i += DEFLATE_SLICE)
                c.enqueue(chunk.subarray(i, i + DEFLATE_SLICE));
            },
          }),
        );
        if (method) body = body.pipeThrough(codec.deflateStream(level));
      }
      return enqueue(async () => {
        let compressedSize = 0;
        const data = (chunk: Uint8Array) => {
          compressedSize += chunk.length;
          return write(chunk);
        };
        if (body instanceof ReadableStream) {
          await write(zip.begin(name, method));
          const reader = body.getReader();
          try {
            for (
              let r = await abortable(reader.read(), signal);
              !r.done;
              r = await abortable(reader.read(), signal)
            )
              await data(r.value);
          } catch (err) {
            reader.cancel(err).catch(() => {});
            throw err;
          }
        } else {
          const chunks = await abortable(body, signal);
          await write(zip.begin(name, method, { crc32: crc, compressedSize: lengthOf(chunks), size }));
          for (const c of chunks) await data(c);
        }
        const descriptor = zip.end(crc, compressedSize, size);
        if (descriptor) await write(descriptor);
      });
    };
  }

  /**
   * Adds an array as member `key + ".npy"`: an `NpyArray` or what `save` takes
   * (`{ data, shape?, dtype?, fortranOrder? }`). Resolves once its bytes are written.
   */
  add(key: string, array: NpyArray | ArrayInput, options?: NpzMemberOptions): Promise<void> {
    return this.#add(`${key}.npy`, () => encodeNpyMember(array, key), options);
  }

  /** Adds a member with its full name and content, for example a non-.npy file. */
  addBytes(name: string, bytes: Uint8Array, options?: NpzMemberOptions): Promise<void> {
    return this.#add(name, () => [bytes], options);
  }

  /**
   * Adds member `key + ".npy"` whose .npy bytes arrive as a stream (an `NpyEncoderStream`'s
   * readable), so the array never needs to be in memory whole. Written with a data descriptor.
   */
  addStream(key: string, npyBytes: ReadableStream<Uint8Array>, options?: NpzMemberOptions): Promise<void> {
    return this.#add(`${key}.npy`, npyBytes, options);
  }

  /** Writes the central directory and closes `readable`. */
  close(): Promise<void> {
    return this.#end(false);
  }

  /**
   * Stops writing: `readable` errors with `ABORTED` (`reason` as its cause, or `reason` itself when
   * it is an `NpyError`) and every pending `add` rejects, without waiting for a member's deflate.
   */
  async abort(reason?: unknown): Promise<void> {
    await this.#end(true, reason);
  }
}
