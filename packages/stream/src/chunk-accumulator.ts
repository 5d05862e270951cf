import { byteSwap } from "@npyio/dtype";

/** Sizes up to this are allocated at once; it is also the block tiny chunks are gathered into. */
const SMALL = 1 << 20;
/** Chunks at least this long are held as they came until the buffer exists; shorter ones are gathered. */
const HOLD = 4096;
/** Without a trusted length, the buffer is allocated once this share of it has arrived. */
const SHARE = 4;

/**
 * Options of a {@link ChunkAccumulator}.
 */
export interface ChunkAccumulatorOptions {
  /** How many bytes the input will deliver, if known and trusted (a `Blob`'s size, a `Content-Length`). */
  available?: number;
  /** The caller has accepted `size` bytes up front (readNpy's `maxBytes`): allocate them at once. */
  preallocate?: boolean;
  /**
   * Reverse every `swapWidth`-byte unit as the bytes land in the buffer, chunk by chunk while they
   * are in cache (big-endian data into native order without a second pass over the array).
   */
  swapWidth?: number;
}

/**
 * Fills one buffer of exactly `size` bytes from chunks as they arrive, each byte copied into it once,
 * never allocating much more than has arrived. The buffer is allocated at once, at its final size,
 * when `size` is at most 1 MiB, when the input's length is known and trusted and covers `size`, or
 * when the caller said so (`preallocate`). Otherwise the chunks are held as they come until a quarter
 * of `size` has arrived, and only then is the buffer allocated and the held chunks copied into it:
 * a header that declares terabytes over a short body costs no more than the body (and four times
 * it at most, once a quarter of it is there). Chunks of 4 KiB or more (that do not pin a much larger
 * buffer) are held by reference and so copied once; tinier ones are gathered into 1 MiB blocks
 * first, so the bytes of tiny chunks in that first quarter are copied twice. With `swapWidth`, each
 * stretch is byte-swapped right after it is copied into the buffer.
 */
export class ChunkAccumulator {
  readonly size: number;
  readonly #width: number;
  #buffer: Uint8Array | undefined;
  #held: Uint8Array[] = [];
  #block: Uint8Array | undefined;
  #inBlock = 0;
  #filled = 0;
  #swapped = 0;

  constructor(size: number, options: ChunkAccumulatorOptions = {}) {
    this.size = size;
    this.#width = options.swapWidth ?? 1;
    const { available, preallocate } = options;
    if (size <= SMALL || preallocate || (available !== undefined && available >= size)) {
      try {
        this.#buffer = new Uint8Array(size);
      } catch {
        // more than the runtime will allocate at once: hold the chunks; TRUNCATED or the push fails
      }
    }
  }

  /** Bytes received so far. */
  get filled(): number {
    return this.#filled;
  }

  /** True once all `size` bytes have arrived. */
  get full(): boolean {
    return this.#filled === this.size;
  }

  /** Copies as much of `chunk` as still fits; returns how many bytes it took. */
  push(chunk: Uint8Array): number {
    const take = Math.min(chunk.length, this.size - this.#filled);
    const part = take === chunk.length ? chunk : chunk.subarray(0, take);
    if (!this.#buffer && SHARE * (this.#filled + take) < this.size) this.#hold(part);
    else {
      this.#buffer ??= this.#gather(new Uint8Array(this.size), true);
      this.#buffer.set(part, this.#filled);
      this.#swapUpTo(this.#buffer, this.#filled + take);
    }
    this.#filled += take;
    return take;
  }

  /**
   * The filled buffer: exactly `size` bytes at offset 0 of its own `ArrayBuffer` once {@link full}.
   * Before that, the bytes so far (with `swapWidth`, swapped up to the last whole unit).
   */
  bytes(): Uint8Array {
    if (this.#buffer)
      return this.#filled === this.size ? this.#buffer : this.#buffer.subarray(0, this.#filled);
    const joined = this.#gather(new Uint8Array(this.#filled), false);
    this.#held.push(joined); // still held, as it came: more chunks may follow
    if (this.#width === 1) return joined;
    const copy = joined.slice();
    byteSwap(copy.subarray(0, copy.length - (copy.length % this.#width)), this.#width);
    return copy;
  }

  /** Swaps the whole units of `into` that arrived since the last call, up to byte `end`. */
  #swapUpTo(into: Uint8Array, end: number): void {
    const w = this.#width;
    const upTo = end - (end % w);
    if (w === 1 || upTo <= this.#swapped) return;
    byteSwap(into.subarray(this.#swapped, upTo), w);
    this.#swapped = upTo;
  }

  /** Keeps a chunk until the buffer exists: large ones as they are, small ones copied into a block. */
  #hold(part: Uint8Array): void {
    // a view that pins a far larger buffer would keep that whole buffer alive: copy it instead
    if (part.length >= HOLD && part.buffer.byteLength <= 2 * part.length) {
      this.#seal();
      this.#held.push(part);
      return;
    }
    if (this.#block && this.#inBlock + part.length > this.#block.length) this.#seal();
    this.#block ??= new Uint8Array(Math.max(SMALL, part.length));
    this.#block.set(part, this.#inBlock);
    this.#inBlock += part.length;
  }

  #seal(): void {
    if (this.#block) this.#held.push(this.#block.subarray(0, this.#inBlock));
    this.#block = undefined;
    this.#inBlock = 0;
  }

  /**
   * Copies the held chunks, in order, to the start of `into`, letting go of each once copied; with
   * `swap`, each is swapped right after its copy, while it is in cache.
   */
  #gather(into: Uint8Array, swap: boolean): Uint8Array {
    this.#seal();
    const held = this.#held;
    this.#held = [];
    let at = 0;
    for (let i = 0; i < held.length; i++) {
      into.set(held[i]!, at);
      at += held[i]!.length;
      held[i] = into.subarray(0, 0); // released for the collector
      if (swap) this.#swapUpTo(into, at);
    }
    return into;
  }
}
