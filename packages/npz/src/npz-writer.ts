import type { NpyArray } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import { checkAborted } from "./abort.js";
import { crc32 } from "./crc32.js";
import { encodeNpyMember } from "./npy-member.js";
import type { ZipWriteOptions } from "./serialize-zip.js";
import { checkLevel, totalLength } from "./serialize-zip.js";
import { defaultCodec } from "./web-codec.js";
import type { ZipCodec } from "./zip-codec.js";
import { METHOD_DEFLATE, METHOD_STORED } from "./zip-format.js";
import { ZipWriter } from "./zip-writer.js";

/** Options of {@link NpzWriter} and `NpzEncoderStream`. */
export interface NpzWriterOptions extends ZipWriteOptions {
  /** The deflate engine; default: native CompressionStream where available (default level), else fflate. */
  codec?: ZipCodec;
  signal?: AbortSignal;
}

/** Per-member options; they override the writer's. */
export interface NpzMemberOptions {
  compress?: boolean;
  level?: number;
}

interface Prepared {
  name: string;
  method: number;
  body: Uint8Array[];
  crc32: number;
  size: number;
}

/**
 * Writes an npz archive as a stream of bytes: arrays given whole (compressed in the background as
 * soon as they are added, so several members deflate in parallel where the engine can) or streamed
 * in (for example from an `NpyEncoderStream`), members stored or deflated. Sizes and CRC-32 go in
 * the local header when the member is whole, in a data descriptor when it is streamed. Timestamps
 * are numpy's fixed 1980-01-01, so the same input gives the same bytes.
 *
 * Read `readable` while adding (pipe it somewhere first): the writer waits for its reader.
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
  readonly #out: WritableStreamDefaultWriter<Uint8Array>;
  readonly #zip: ZipWriter;
  readonly #codec: ZipCodec;
  readonly #options: NpzWriterOptions;
  readonly #names = new Set<string>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: NpzWriterOptions = {}) {
    checkLevel(options.level);
    this.#options = options;
    this.#codec = options.codec ?? defaultCodec();
    this.#zip = new ZipWriter(options);
    const pipe = new TransformStream<Uint8Array, Uint8Array>();
    this.readable = pipe.readable;
    this.#out = pipe.writable.getWriter();
  }

  /** Adds an array as member `key + ".npy"`. Resolves once its bytes are written. */
  add(key: string, array: NpyArray, options: NpzMemberOptions = {}): Promise<void> {
    let parts: Uint8Array[];
    try {
      parts = encodeNpyMember(array, key);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#addWhole(`${key}.npy`, parts, options);
  }

  /** Adds a member with its full name and content, for example a non-.npy file. */
  addBytes(name: string, bytes: Uint8Array, options: NpzMemberOptions = {}): Promise<void> {
    return this.#addWhole(name, [bytes], options);
  }

  /**
   * Adds member `key + ".npy"` whose .npy bytes arrive as a stream (an `NpyEncoderStream`'s
   * readable), so the array never needs to be in memory whole. Written with a data descriptor.
   */
  addStream(
    key: string,
    npyBytes: ReadableStream<Uint8Array>,
    options: NpzMemberOptions = {},
  ): Promise<void> {
    const name = `${key}.npy`;
    try {
      this.#claim(name);
    } catch (err) {
      return Promise.reject(err);
    }
    const compress = options.compress ?? this.#options.compress ?? false;
    const level = checkLevel(options.level ?? this.#options.level);
    return this.#enqueue(async () => {
      const method = compress ? METHOD_DEFLATE : METHOD_STORED;
      await this.#write(this.#zip.begin({ name, method }));
      const crcOf = this.#codec.crc32 ?? crc32;
      let crc = 0;
      let size = 0;
      let compressedSize = 0;
      const counted = npyBytes.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform: (chunk, c) => {
            crc = crcOf(chunk, crc);
            size += chunk.length;
            c.enqueue(chunk);
          },
        }),
      );
      const body = compress ? counted.pipeThrough(this.#codec.deflateStream(level)) : counted;
      const reader = body.getReader();
      for (;;) {
        checkAborted(this.#options.signal);
        const { done, value } = await reader.read();
        if (done) break;
        compressedSize += value.length;
        await this.#writeData(value);
      }
      const descriptor = this.#zip.end(crc, compressedSize, size);
      if (descriptor) await this.#write(descriptor);
    });
  }

  /** Writes the central directory and closes `readable`. */
  close(): Promise<void> {
    this.#closed = true;
    return this.#enqueue(async () => {
      await this.#write(this.#zip.finish());
      await this.#out.close();
    });
  }

  /** Stops writing: `readable` errors with `reason`. */
  async abort(reason?: unknown): Promise<void> {
    this.#closed = true;
    await this.#out.abort(reason).catch(() => {});
  }

  #claim(name: string): void {
    if (this.#closed) throw new NpyError("INVALID_ARGUMENT", `cannot add "${name}": the writer is closed`);
    if (this.#names.has(name)) {
      throw new NpyError("DUPLICATE_NAME", `the archive already has a member "${name}"; keys must be unique`);
    }
    this.#names.add(name);
  }

  #addWhole(name: string, parts: Uint8Array[], options: NpzMemberOptions): Promise<void> {
    let prepared: Promise<Prepared>;
    try {
      this.#claim(name);
      const compress = options.compress ?? this.#options.compress ?? false;
      const level = checkLevel(options.level ?? this.#options.level);
      prepared = this.#prepare(name, parts, compress, level);
    } catch (err) {
      return Promise.reject(err);
    }
    // compression starts now, in parallel with earlier members; writing waits its turn
    prepared.catch(() => {});
    return this.#enqueue(async () => {
      const p = await prepared;
      const compressedSize = totalLength(p.body);
      await this.#write(
        this.#zip.begin({ name, method: p.method, known: { crc32: p.crc32, compressedSize, size: p.size } }),
      );
      for (const chunk of p.body) await this.#writeData(chunk);
      this.#zip.end(p.crc32, compressedSize, p.size);
    });
  }

  async #prepare(name: string, parts: Uint8Array[], compress: boolean, level: number): Promise<Prepared> {
    const crcOf = this.#codec.crc32 ?? crc32;
    let crc = 0;
    for (const p of parts) crc = crcOf(p, crc);
    const size = totalLength(parts);
    if (!compress) return { name, method: METHOD_STORED, body: parts, crc32: crc, size };
    const deflated = await this.#codec.deflate(parts, level);
    return { name, method: METHOD_DEFLATE, body: [deflated], crc32: crc, size };
  }

  async #write(chunk: Uint8Array): Promise<void> {
    checkAborted(this.#options.signal);
    await this.#out.write(chunk);
  }

  /** Member data: counted by the zip state, unlike the records it returns. */
  #writeData(chunk: Uint8Array): Promise<void> {
    this.#zip.data(chunk.length);
    return this.#write(chunk);
  }

  #enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(op);
    // one failed member leaves a broken archive: fail the stream and every later call
    this.#queue = run.catch((err) => {
      this.#out.abort(err).catch(() => {});
      throw err;
    });
    this.#queue.catch(() => {});
    return run;
  }
}
