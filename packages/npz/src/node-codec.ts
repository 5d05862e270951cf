import zlib from "node:zlib";
import { parallelDeflate, parallelDeflateStream } from "./parallel-deflate.js";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, limitReadable, sizeLie } from "./zip-codec.js";

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
    ? { crc32: (data: Uint8Array, crc: number) => zlib.crc32(data, crc) }
    : {}),
};
