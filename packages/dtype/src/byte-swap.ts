/**
 * `bytes` with every `width`-byte unit reversed: in a new buffer at offset 0, or with `inPlace` in
 * `bytes` itself when its offset allows 32-bit access (then `bytes` is returned).
 *
 * Reads and writes 32-bit words with shifts and masks rather than a DataView, one pass from input
 * to output, which V8 compiles to a tight loop (see bench/throughput.ts). An input at an offset that
 * is not a multiple of 4 is copied first and swapped there.
 */
export function byteSwapped(bytes: Uint8Array, width: number, inPlace = false): Uint8Array {
  const n = bytes.length;
  const aligned = bytes.byteOffset % 4 === 0;
  const out = inPlace && aligned ? bytes : new Uint8Array(n);
  const count = n >>> 2;
  if (out !== bytes && (!aligned || width === 1 || width > 8)) out.set(bytes);
  if (width === 1) return out;
  const to = new Uint32Array(out.buffer, out.byteOffset, count);
  const from = aligned ? new Uint32Array(bytes.buffer, bytes.byteOffset, count) : to;
  if (width === 2) {
    for (let i = 0; i < count; i++) {
      const x = from[i]!;
      to[i] = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
    }
    if (n & 2) {
      const last = bytes[n - 1]!;
      out[n - 1] = bytes[n - 2]!;
      out[n - 2] = last;
    }
  } else if (width === 4) {
    for (let i = 0; i < count; i++) to[i] = bswap32(from[i]!);
  } else if (width === 8) {
    for (let i = 0; i < count; i += 2) {
      const lo = from[i]!;
      to[i] = bswap32(from[i + 1]!);
      to[i + 1] = bswap32(lo);
    }
  } else {
    // long double and other wide units: reverse each unit byte by byte
    for (let i = 0; i + width <= n; i += width) {
      for (let a = i, b = i + width - 1; a < b; a++, b--) {
        const t = out[a]!;
        out[a] = out[b]!;
        out[b] = t;
      }
    }
  }
  return out;
}

const bswap32 = (x: number): number => (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
