/** First allocation when the size to expect cannot be trusted, and the smallest step of growth. */
const GROWTH_STEP = 1 << 20;

/**
 * Fills one buffer of exactly `size` bytes from chunks as they arrive, never allocating much more
 * than has arrived. When the number of bytes that will arrive is known and trusted (a `Blob`'s size,
 * a `Content-Length` without encoding) and covers `size`, the buffer is allocated once at its final
 * size. Otherwise it starts small and grows in doubling steps, capped at `size`, so a header that
 * declares terabytes over a short body costs only about twice the body.
 */
export class ChunkAccumulator {
  readonly size: number;
  #buffer: Uint8Array;
  #filled = 0;

  /** `available`: how many bytes the input will deliver, if known and trusted. */
  constructor(size: number, available?: number) {
    this.size = size;
    const first = available !== undefined && available >= size ? size : Math.min(size, GROWTH_STEP);
    this.#buffer = new Uint8Array(first);
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
    const need = this.#filled + take;
    if (need > this.#buffer.length) {
      const grown = new Uint8Array(Math.min(this.size, Math.max(need, this.#buffer.length * 2, GROWTH_STEP)));
      grown.set(this.#buffer.subarray(0, this.#filled));
      this.#buffer = grown;
    }
    this.#buffer.set(take === chunk.length ? chunk : chunk.subarray(0, take), this.#filled);
    this.#filled = need;
    return take;
  }

  /** The filled buffer: exactly `size` bytes at offset 0 of its own `ArrayBuffer` once {@link full}. */
  bytes(): Uint8Array {
    return this.#filled === this.#buffer.length ? this.#buffer : this.#buffer.subarray(0, this.#filled);
  }
}
