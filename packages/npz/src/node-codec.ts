import zlib from "node:zlib";
import { parallelDeflate, parallelDeflateStream } from "./node-parallel-deflate.js";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, concat, limitReadable, sizeLie } from "./zip-codec.js";

type Pair = TransformStream<Uint8Array, Uint8Array>;

const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * A zlib inflate stream as a TransformStream that holds at most one input chunk: each chunk is written and
 * its output handed on before the next is taken, so a consumer's backpressure reaches the producer.
 * (`Duplex.toWeb` accepts input without waiting for zlib, so a 1 GiB member sat in memory.)
 */
function zlibStream(z: zlib.InflateRaw): Pair {
  let controller!: TransformStreamDefaultController<Uint8Array>;
  // settles every pending write or flush when zlib stops: with its error, or when it is destroyed
  // (a cancelled reader) and will never call back or end
  const failed = new Promise<never>((_, reject) => {
    z.once("error", reject);
    z.once("close", () => reject(new Error("the zlib stream was closed")));
  });
  failed.catch(() => {});
  z.on("data", (b: Buffer) => {
    try {
      controller.enqueue(plain(b));
    } catch {
      // the stream was cancelled or errored (an abort): stop zlib's work as well
      z.destroy();
    }
  });
  return new TransformStream<Uint8Array, Uint8Array>({
    start(c) {
      controller = c;
    },
    transform: (chunk) => Promise.race([new Promise<void>((done) => z.write(chunk, () => done())), failed]),
    flush: () =>
      Promise.race([
        new Promise<void>((done) => {
          z.once("end", done);
          z.end();
        }),
        failed,
      ]),
  });
}

/**
 * Synchronous raw deflate of data given in pieces on native zlib, without joining them: every piece
 * but the last ends with a sync flush (a non-final block padded to a byte boundary), so the raw
 * streams follow one another as one deflate stream that any inflater (numpy's zipfile too) reads
 * through; only the last piece finishes it. Each piece starts with an empty window, which costs a
 * few bytes after a small piece (the .npy header) and saves a copy of the array. The compressed
 * chunks are returned as they are, for the archive's one join.
 */
export function deflateChunksNodeSync(parts: Uint8Array[], level: number): Uint8Array[] {
  const last = Math.max(parts.length - 1, 0);
  const pieces = parts.length ? parts : [new Uint8Array(0)];
  return pieces.map((p, i) =>
    plain(zlib.deflateRawSync(p, i < last ? { level, finishFlush: zlib.constants.Z_SYNC_FLUSH } : { level })),
  );
}

/**
 * {@link ZipCodec.inflatePieces} on a zlib stream whose output chunk is the member's declared size
 * plus a byte: zlib writes the whole member into that one buffer (each 'data' event is the next
 * stretch of it, CRC'd right away), while the compressed pieces are written one after the other.
 */
async function inflatePieces(
  pieces: AsyncIterable<Uint8Array>,
  size: number,
  crc32: (data: Uint8Array, crc: number) => number,
): Promise<{ bytes: Uint8Array; crc: number }> {
  const z = zlib.createInflateRaw({ chunkSize: Math.max(size + 1, 64) });
  const stretches: Buffer[] = [];
  let n = 0;
  let crc = 0;
  // zlib's own failures are corrupt data; a failed read of a piece is passed on as it is
  const ended = new Promise<void>((resolve, reject) => {
    z.once("end", resolve);
    z.once("error", (err) => reject(badDeflate(err)));
  });
  ended.catch(() => {});
  z.on("data", (b: Buffer) => {
    n += b.length;
    // past the declared size: a bomb, never inflated further
    if (n > size) z.destroy(sizeLie(size));
    else {
      stretches.push(b);
      crc = crc32(b, crc);
    }
  });
  try {
    for await (const piece of pieces) {
      await Promise.race([new Promise<void>((done) => z.write(piece, () => done())), ended]);
    }
    z.end();
    await ended;
  } finally {
    z.destroy();
  }
  if (n !== size) throw sizeLie(size, n);
  // one stretch after another of the same buffer unless zlib had to start a new one (it cannot
  // while the output stays within the declared size): joined only then
  const first = stretches[0];
  const contiguous =
    first !== undefined &&
    stretches.every(
      (b, i) =>
        b.buffer === first.buffer &&
        (i === 0 || b.byteOffset === stretches[i - 1]!.byteOffset + stretches[i - 1]!.length),
    );
  const bytes = contiguous
    ? new Uint8Array(first.buffer, first.byteOffset, n)
    : concat(stretches.map(plain), n);
  return { bytes, crc };
}

function run(fn: (cb: zlib.CompressCallback) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => fn((err, out) => (err ? reject(err) : resolve(out))));
}

/**
 * The `node:zlib` engine: native inflate and deflate on libuv's thread pool (members of one
 * archive run in parallel on all cores, and so do 1 MiB blocks of one member's deflate), and
 * zlib's CRC-32 where Node has it (>= 20.15).
 *
 * @example
 * ```ts
 * const npz = await NpzReader.open(await fileSource("data.npz"), { codec: nodeCodec }); // as openNpzFile does
 * ```
 */
export const nodeCodec: ZipCodec = {
  name: "node:zlib",
  async inflate(data, size) {
    let out: Buffer;
    try {
      // maxOutputLength stops zlib right past the declared size: a bomb never inflates further. One
      // output chunk of the declared size (already checked against maxRatio and maxTotalBytes, as
      // the other engines allocate it) plus a byte: zlib writes straight into it, with no chunks to join.
      out = await run((cb) =>
        zlib.inflateRaw(data, { maxOutputLength: Math.max(size, 1), chunkSize: Math.max(size + 1, 64) }, cb),
      );
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw sizeLie(size);
      throw badDeflate(err);
    }
    if (out.length !== size) throw sizeLie(size, out.length);
    return plain(out);
  },
  inflateStream(maxSize) {
    const pair = zlibStream(zlib.createInflateRaw());
    return { writable: pair.writable, readable: limitReadable(pair.readable, maxSize) } as Pair;
  },
  // one member's deflate runs on every core (blocks on the thread pool, pigz-style), where one zlib
  // stream would use one, as numpy's savez_compressed does
  deflate: (parts, level) =>
    parallelDeflate(parts.length === 1 ? parts[0]! : plain(Buffer.concat(parts)), level),
  deflateStream: parallelDeflateStream,
  ...(typeof zlib.crc32 === "function"
    ? {
        crc32: (data: Uint8Array, crc: number) => zlib.crc32(data, crc),
        inflatePieces: (pieces: AsyncIterable<Uint8Array>, size: number) =>
          inflatePieces(pieces, size, (data, crc) => zlib.crc32(data, crc)),
      }
    : {}),
};
