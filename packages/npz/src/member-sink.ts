import { checkAllocatable, throwIfAborted } from "@npyio/stream";
import { crc32 } from "./crc32.js";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, concat, sizeLie } from "./zip-codec.js";
import { member } from "./zip-error.js";
import { METHOD_STORED } from "./zip-format.js";
import { checkRatio, overBudget } from "./zip-limits.js";

const SLICE = 64 << 10;

/**
 * Collects one member's uncompressed bytes while its compressed bytes are written in, inflating
 * when needed, and counting the CRC-32 as data flows. Never holds more than `maxSize` bytes.
 */
export class MemberSink {
  crc = 0;
  size = 0;
  readonly #crcOf: (data: Uint8Array, crc: number) => number;
  readonly #max: number;
  readonly #name: string;
  readonly #signal: AbortSignal | undefined;
  #out: Uint8Array | undefined;
  readonly #chunks: Uint8Array[] = [];
  readonly #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  readonly #pumped: Promise<void> | undefined;

  /** `known`: the declared sizes, when the local header has them. */
  constructor(
    codec: ZipCodec,
    method: number,
    name: string,
    known: { compressedSize: number; size: number } | undefined,
    maxSize: number,
    maxRatio?: number,
    signal?: AbortSignal,
  ) {
    this.#crcOf = codec.crc32 ?? crc32;
    this.#name = name;
    this.#signal = signal;
    if (known) {
      checkRatio(name, method, known.compressedSize, known.size, undefined, maxRatio);
      if (known.size > maxSize) throw overBudget(name, known.size, maxSize);
      // a member this reader could never hand out whole is refused before a byte is buffered
      checkAllocatable(known.size, member(name));
      // grown as the data arrives, never allocated at the declared size up front: the compressed
      // size is declared too (0xFFFFFFFF left by a lost zip64 field, or a lie), not seen
      this.#out = new Uint8Array(0);
      maxSize = known.size;
    }
    this.#max = maxSize;
    if (method !== METHOD_STORED) {
      const inflater = codec.inflateStream(maxSize);
      this.#writer = inflater.writable.getWriter();
      const reader = inflater.readable.getReader();
      this.#pumped = (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read()) this.#take(r.value);
      })();
      // the pump reports its own failure through write() and finish()
      this.#pumped.catch(() => {});
    }
  }

  #take(chunk: Uint8Array): void {
    if (this.size + chunk.length > this.#max) throw sizeLie(this.#max);
    // sizes known only from the data descriptor: stop as soon as the member outgrows one array
    if (!this.#out) checkAllocatable(this.size + chunk.length, member(this.#name));
    this.crc = this.#crcOf(chunk, this.crc);
    const end = this.size + chunk.length;
    let out = this.#out;
    if (!out) this.#chunks.push(chunk);
    else {
      // doubling, capped at the declared size: an honest member ends in a buffer of exactly its size
      if (out.length < end) {
        out = new Uint8Array(Math.min(this.#max, Math.max(end, 2 * out.length)));
        out.set(this.#out!.subarray(0, this.size));
        this.#out = out;
      }
      out.set(chunk, this.size);
    }
    this.size = end;
  }

  /** Compressed bytes of the member, in order. */
  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#writer) return this.#take(bytes);
    // 64 KiB of input at most per step (~64 MiB out at deflate's worst ratio): the signal is checked between
    for (let i = 0; i < bytes.length; i += SLICE) {
      throwIfAborted(this.#signal);
      await Promise.race([this.#writer.write(bytes.subarray(i, i + SLICE)), this.#pumped]).catch((err) => {
        throw badDeflate(err);
      });
    }
  }

  /** Ends the input; resolves to all the member's bytes. */
  async finish(): Promise<Uint8Array> {
    if (this.#writer) {
      await Promise.all([this.#writer.close(), this.#pumped]).catch((err) => {
        throw badDeflate(err);
      });
    }
    return this.#out ? this.#out.subarray(0, this.size) : concat(this.#chunks);
  }

  /** Stops inflating after an error elsewhere. */
  abort(reason: unknown): void {
    this.#writer?.abort(reason).catch(() => {});
  }
}
