import { NpyError } from "@npyio/header";
import { crc32 } from "./crc32.js";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, concat, inflatesPast } from "./zip-codec.js";
import { METHOD_DEFLATE } from "./zip-format.js";

// DEFLATE cannot expand more than 1032:1 (a 258-byte match in under 2 bits), so a declared size
// past that ratio is a lie told to make a reader allocate.
const MAX_RATIO = 1032;

/**
 * Collects one member's uncompressed bytes while its compressed bytes are written in, inflating
 * when needed, and counting the CRC-32 as data flows. Never holds more than `maxSize` bytes.
 */
export class MemberSink {
  crc = 0;
  size = 0;
  readonly #crcOf: (data: Uint8Array, crc: number) => number;
  readonly #maxSize: number;
  readonly #out: Uint8Array | undefined;
  readonly #chunks: Uint8Array[] = [];
  readonly #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  readonly #pumped: Promise<void> | undefined;

  /** `known`: the declared compressed and uncompressed sizes, when the local header has them. */
  constructor(
    codec: ZipCodec,
    method: number,
    name: string,
    known: { compressedSize: number; size: number } | undefined,
    maxSize: number,
  ) {
    this.#crcOf = codec.crc32 ?? crc32;
    if (known) {
      const most = method === METHOD_DEFLATE ? known.compressedSize * MAX_RATIO + 1024 : known.compressedSize;
      if (known.size > most) {
        throw new NpyError(
          "BAD_ZIP",
          `member "${name}" declares ${known.size} bytes from ${known.compressedSize} compressed bytes, more than ${method === METHOD_DEFLATE ? "deflate can expand to" : "a stored member holds"}; the archive lies about its sizes`,
        );
      }
      if (known.size > maxSize) throw limit(name, known.size, maxSize);
      this.#out = new Uint8Array(known.size);
      maxSize = known.size;
    }
    this.#maxSize = maxSize;
    if (method === METHOD_DEFLATE) {
      const inflater = codec.inflateStream(maxSize);
      this.#writer = inflater.writable.getWriter();
      this.#pumped = this.#pump(inflater.readable.getReader());
      // the pump reports its own failure through finish(); writes must not reject unhandled
      this.#pumped.catch(() => {});
    }
  }

  async #pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      this.#take(value);
    }
  }

  #take(chunk: Uint8Array): void {
    if (this.size + chunk.length > this.#maxSize) throw inflatesPast(this.#maxSize);
    this.crc = this.#crcOf(chunk, this.crc);
    if (this.#out) this.#out.set(chunk, this.size);
    else this.#chunks.push(chunk);
    this.size += chunk.length;
  }

  /** Compressed bytes of the member, in order. */
  async write(bytes: Uint8Array): Promise<void> {
    if (!bytes.length) return;
    if (!this.#writer) return this.#take(bytes);
    try {
      await Promise.race([this.#writer.write(bytes), this.#pumped]);
    } catch (err) {
      throw badDeflate(err);
    }
  }

  /** Ends the input; resolves to all the member's bytes. */
  async finish(): Promise<Uint8Array> {
    if (this.#writer) {
      try {
        await Promise.all([this.#writer.close(), this.#pumped]);
      } catch (err) {
        throw badDeflate(err);
      }
    }
    return this.#out ? this.#out.subarray(0, this.size) : concat(this.#chunks, this.size);
  }

  /** Stops inflating after an error elsewhere. */
  abort(reason: unknown): void {
    this.#writer?.abort(reason).catch(() => {});
  }
}

export function limit(name: string, size: number, left: number): NpyError {
  return new NpyError(
    "LIMIT_EXCEEDED",
    `member "${name}" needs ${size} bytes, more than the ${left} bytes left of maxTotalBytes; raise maxTotalBytes if you trust the archive`,
  );
}
