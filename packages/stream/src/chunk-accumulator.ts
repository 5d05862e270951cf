/** Sizes up to this are allocated at once; it is also the block small chunks are gathered into. */
const SMALL = 1 << 20;

/**
 * Fills one buffer of exactly `size` bytes from chunks as they arrive, never allocating much more
 * than has arrived. When the number of bytes that will arrive is known and trusted (a `Blob`'s size,
 * a `Content-Length` without encoding) and covers `size`, or `size` is at most 1 MiB, the buffer is
 * allocated once at its final size. Otherwise the chunks are held as they come (small ones gathered
 * into 1 MiB blocks) until half of `size` has arrived, and only then is the final buffer allocated
 * and filled: each byte is still copied once, as with a known size, yet a header that declares
 * terabytes over a short body costs only about twice the body.
 */
export class ChunkAccumulator {
  readonly size: number;
  #buffer: Uint8Array | undefined;
  #held: Uint8Array[] = [];
  #block: Uint8Array | undefined;
  #inBlock = 0;
  #filled = 0;

  /** `available`: how many bytes the input will deliver, if known and trusted. */
  constructor(size: number, available?: number) {
    this.size = size;
    if (size <= SMALL || (available !== undefined && available >= size)) this.#buffer = new Uint8Array(size);
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
    if (!this.#buffer && 2 * (this.#filled + take) < this.size) this.#hold(part);
    else {
      this.#buffer ??= this.#gather(new Uint8Array(this.size));
      this.#buffer.set(part, this.#filled);
    }
    this.#filled += take;
    return take;
  }

  /** The filled buffer: exactly `size` bytes at offset 0 of its own `ArrayBuffer` once {@link full}. */
  bytes(): Uint8Array {
    if (this.#buffer)
      return this.#filled === this.size ? this.#buffer : this.#buffer.subarray(0, this.#filled);
    const joined = this.#gather(new Uint8Array(this.#filled));
    this.#held.push(joined); // still held: more chunks may follow
    return joined;
  }

  /** Keeps a chunk until the final buffer exists: large ones as they are, small ones copied into a block. */
  #hold(part: Uint8Array): void {
    if (part.length >= SMALL >> 4) {
      this.#seal();
      this.#held.push(part);
      return;
    }
    if (this.#block && this.#inBlock + part.length > this.#block.length) this.#seal();
    this.#block ??= new Uint8Array(SMALL);
    this.#block.set(part, this.#inBlock);
    this.#inBlock += part.length;
  }

  #seal(): void {
    if (this.#block) this.#held.push(this.#block.subarray(0, this.#inBlock));
    this.#block = undefined;
    this.#inBlock = 0;
  }

  /** Copies the held chunks, in order, to the start of `into`. */
  #gather(into: Uint8Array): Uint8Array {
    this.#seal();
    let at = 0;
    for (const part of this.#held) {
      into.set(part, at);
      at += part.length;
    }
    this.#held = [];
    return into;
  }
}
