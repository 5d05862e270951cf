/** A stream of `bytes` in chunks of `size`, so records and descriptors straddle chunk boundaries. */
export function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let p = 0;
  return new ReadableStream({
    pull(c) {
      if (p >= bytes.length) return c.close();
      c.enqueue(bytes.slice(p, p + size));
      p += size;
    },
  });
}
