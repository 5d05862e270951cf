import { isNpyError, type NpyError } from "@npyio/header";
import { abortable, throwIfAborted } from "@npyio/stream";
import { zipError } from "./zip-error.js";
import { lengthOf } from "./zip-format.js";

type Pair = TransformStream<Uint8Array, Uint8Array>;

/**
 * The deflate engine the archive code runs on. The main entry picks one by capability (native
 * `CompressionStream`/`DecompressionStream` where they support `deflate-raw`, else fflate);
 * `@npyio/npz/node` provides one on `node:zlib`. Every engine inflates to the same bytes.
 *
 * @example
 * ```ts
 * // every engine has the same shape: choose one explicitly
 * const codec: ZipCodec = process.env.PURE_JS ? fflateCodec : nodeCodec; // nodeCodec: @npyio/npz/node
 * const npz = await NpzReader.open(source, { codec });
 * ```
 */
export interface ZipCodec {
  /** A name for messages and tests ("fflate", "web", "node:zlib"). */
  readonly name: string;
  /** A streaming raw inflater that errors with BAD_ZIP as soon as its output passes `maxSize`. */
  inflateStream(maxSize: number): Pair;
  /** A streaming raw deflater at `level` (0-9). */
  deflateStream(level: number): Pair;
  /** A faster whole-buffer inflate to exactly `size` bytes, if the engine has one (BAD_ZIP otherwise). */
  inflate?(data: Uint8Array, size: number): Promise<Uint8Array>;
  /**
   * Inflates to exactly `size` bytes from compressed data that arrives in pieces (a member read from
   * a file in bounded chunks: no buffer the size of the compressed member), into one buffer, with
   * the CRC-32 of the output taken as each stretch of it lands (no second pass); optional, BAD_ZIP
   * on bad data or a size that is not `size`.
   */
  inflatePieces?(
    pieces: AsyncIterable<Uint8Array>,
    size: number,
  ): Promise<{ bytes: Uint8Array; crc: number }>;
  /** A faster whole-buffer deflate of data given in pieces, if the engine has one. */
  deflate?(parts: Uint8Array[], level: number): Promise<Uint8Array>;
  /** A faster CRC-32 than the built-in table-driven one, if the runtime has one. */
  crc32?(data: Uint8Array, crc: number): number;
}

/** numpy's savez_compressed uses zlib's default level. */
export const DEFAULT_LEVEL = 6;

/** BAD_ZIP for inflated output of `got` bytes where `size` were declared (a bomb, when more). */
export const sizeLie = (size: number, got = size + 1) =>
  zipError(
    `a member inflates ${got > size ? "past" : `to ${got} bytes, short of`} its declared ${size} bytes`,
  );

/** Any failure of an engine as an NpyError (BAD_ZIP unless it already is one). */
export function badDeflate(cause: unknown): NpyError {
  if (isNpyError(cause)) return cause;
  return zipError(
    `corrupt deflate data (${(cause as Error)?.message ?? cause})`,
    undefined,
    "BAD_ZIP",
    cause,
  );
}

/** The chunks joined (the one chunk itself, when there is one); `total` is their length, if known. */
export function concat(chunks: Uint8Array[], total = lengthOf(chunks)): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
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
      const r = await reader.read().catch((err) => {
        throw badDeflate(err);
      });
      if (r.done) return controller.close();
      n += r.value.length;
      if (n > maxSize) {
        reader.cancel().catch(() => {});
        throw sizeLie(maxSize);
      }
      controller.enqueue(r.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Writes `parts` into `stream` and gathers its output: into exactly `size` bytes when given. */
export async function transformWhole(stream: Pair, parts: Uint8Array[], size?: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  for (const p of parts) writer.write(p).catch(() => {});
  writer.close().catch(() => {});
  const out = new Uint8Array(
    await new Response(stream.readable).arrayBuffer().catch((err) => {
      throw badDeflate(err);
    }),
  );
  if (size !== undefined && out.length !== size) throw sizeLie(size, out.length);
  return out;
}

/** Inflates a whole member to exactly `size` bytes with the engine's fastest path. */
export const inflateWhole = (codec: ZipCodec, data: Uint8Array, size: number): Promise<Uint8Array> =>
  codec.inflate ? codec.inflate(data, size) : transformWhole(codec.inflateStream(size), [data], size);

/**
 * Deflates a whole member through the engine's stream in 1 MiB slices, with `signal` checked between
 * them: an abort stops it within one slice's work, where a one-call deflate runs to the end.
 */
export async function deflateChunked(
  codec: ZipCodec,
  parts: Uint8Array[],
  level: number,
  signal: AbortSignal,
): Promise<Uint8Array[]> {
  const stream = codec.deflateStream(level);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const out: Uint8Array[] = [];
  const gathered = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  })();
  gathered.catch(() => {});
  try {
    for (const part of parts) {
      for (let i = 0; i < part.length; i += SLICE) {
        throwIfAborted(signal);
        await abortable(Promise.race([writer.write(part.subarray(i, i + SLICE)), gathered]), signal);
      }
    }
    await abortable(Promise.all([writer.close(), gathered]), signal);
  } catch (err) {
    writer.abort(err).catch(() => {});
    reader.cancel(err).catch(() => {});
    throw badDeflate(err);
  }
  return out;
}

const SLICE = 1 << 20;
