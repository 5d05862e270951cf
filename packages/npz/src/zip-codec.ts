import { NpyError } from "@npyio/header";

/**
 * The deflate engine the archive code runs on. The main entry picks one by capability (native
 * `CompressionStream`/`DecompressionStream` where they support `deflate-raw`, else fflate);
 * `@npyio/npz/node` provides one on `node:zlib`. Every engine inflates to the same bytes.
 */
export interface ZipCodec {
  /** A name for messages and tests ("fflate", "web", "node:zlib"). */
  readonly name: string;
  /**
   * Inflates a whole raw-deflate member declared to inflate to `size` bytes. Returns exactly
   * `size` bytes or throws BAD_ZIP; never allocates much more than `size`, whatever the input.
   */
  inflate(data: Uint8Array, size: number): Promise<Uint8Array>;
  /** A streaming raw inflater that errors with BAD_ZIP as soon as its output passes `maxSize`. */
  inflateStream(maxSize: number): TransformStream<Uint8Array, Uint8Array>;
  /** Raw deflate of data given in pieces (e.g. a .npy header and its data) at `level` (0-9). */
  deflate(parts: Uint8Array[], level: number): Promise<Uint8Array>;
  /** A streaming raw deflater at `level` (0-9). */
  deflateStream(level: number): TransformStream<Uint8Array, Uint8Array>;
  /** A faster CRC-32 than the built-in table-driven one, if the runtime has one. */
  crc32?(data: Uint8Array, crc: number): number;
}

/** numpy's savez_compressed uses zlib's default level. */
export const DEFAULT_LEVEL = 6;

export function inflatesPast(size: number): NpyError {
  return new NpyError(
    "BAD_ZIP",
    `a deflated member inflates past its declared size of ${size} bytes; the archive lies about its sizes (a zip bomb or corruption), inflation was stopped there`,
  );
}

export function inflatedShort(got: number, size: number): NpyError {
  return new NpyError(
    "BAD_ZIP",
    `a deflated member inflates to ${got} bytes, its declared size is ${size}; the archive is corrupt`,
  );
}

export function badDeflate(cause: unknown): NpyError {
  if (typeof cause === "object" && cause !== null && (cause as { name?: unknown }).name === "NpyError") {
    return cause as NpyError;
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new NpyError("BAD_ZIP", `the deflate data of a member is corrupt (${detail})`, { cause });
}

/** Copies chunks from `readable` into one buffer of exactly `size` bytes (BAD_ZIP otherwise). */
export async function collectExactly(
  readable: ReadableStream<Uint8Array>,
  size: number,
): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let n = 0;
  const reader = readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (n + value.length > size) {
        await reader.cancel().catch(() => {});
        throw inflatesPast(size);
      }
      out.set(value, n);
      n += value.length;
    }
  } catch (err) {
    throw badDeflate(err);
  }
  if (n !== size) throw inflatedShort(n, size);
  return out;
}

/**
 * Reads `readable` (an inflater's output) through a guard: errors become NpyErrors and the stream
 * fails with BAD_ZIP as soon as more than `maxSize` bytes have come out.
 */
export function limitReadable(
  readable: ReadableStream<Uint8Array>,
  maxSize: number,
): ReadableStream<Uint8Array> {
  const reader = readable.getReader();
  let n = 0;
  return new ReadableStream({
    async pull(controller) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (err) {
        throw badDeflate(err);
      }
      if (r.done) return controller.close();
      n += r.value.length;
      if (n > maxSize) {
        reader.cancel().catch(() => {});
        throw inflatesPast(maxSize);
      }
      controller.enqueue(r.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Writes `parts` into `stream` and gathers everything it outputs into one buffer. */
export async function transformWhole(
  stream: TransformStream<Uint8Array, Uint8Array>,
  parts: Uint8Array[],
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  for (const p of parts) writer.write(p).catch(() => {});
  writer.close().catch(() => {});
  const chunks: Uint8Array[] = [];
  let n = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.length;
  }
  return concat(chunks, n);
}

export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
