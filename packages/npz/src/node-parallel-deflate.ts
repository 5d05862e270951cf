import { availableParallelism } from "node:os";
import zlib from "node:zlib";
import { concat } from "./zip-codec.js";

type Pair = TransformStream<Uint8Array, Uint8Array>;

/** Input bytes per block: big enough that a block's zlib set-up is noise, small enough to stay bounded. */
export const DEFLATE_BLOCK = 1 << 20;
/** deflate's window: the bytes a block may refer back to, given to its compressor as a dictionary. */
const WINDOW = 32 << 10;
/**
 * Blocks deflating at once: one per core, at most 3 of libuv's 4 threads, so file reads (also on
 * the thread pool) keep one; at least 2, so the main thread's work overlaps zlib's.
 */
const IN_FLIGHT = Math.max(2, Math.min(availableParallelism(), 3));

const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * One block of a raw deflate stream, on the thread pool. A block that is not `last` ends with a
 * sync flush (an empty stored block): byte-aligned and not final, so the next block's bytes follow
 * it in the same stream. `dictionary` is the end of the previous block's input, as pigz primes its
 * blocks: matches may reach back into it (the inflater has those bytes in its window), so cutting
 * the input into blocks costs next to nothing in size.
 */
function deflateBlock(block: Uint8Array, level: number, last: boolean, dictionary?: Uint8Array) {
  return new Promise<Uint8Array>((resolve, reject) => {
    const options: zlib.ZlibOptions = {
      level,
      finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
      // one output chunk of the input's size plus slack: random data does not grow past it
      chunkSize: Math.max(64 << 10, block.length + (block.length >> 7) + 64),
      ...(dictionary?.length ? { dictionary } : {}),
    };
    zlib.deflateRaw(block, options, (err, out) => (err ? reject(err) : resolve(plain(out))));
  });
}

/** The last {@link WINDOW} bytes of `block`, the next block's dictionary. */
const tail = (block: Uint8Array) => block.subarray(Math.max(0, block.length - WINDOW));

/**
 * Deflate of ONE raw stream on several cores, pigz-style: the input is cut into blocks of
 * {@link DEFLATE_BLOCK} bytes, each deflated on libuv's thread pool (at most {@link IN_FLIGHT} at
 * once, so memory stays at a few blocks whatever the input's size), and their outputs handed on in
 * order. A consumer that stops reading stops the input; an error from zlib errors the stream.
 */
export function parallelDeflateStream(level: number): Pair {
  let block = new Uint8Array(DEFLATE_BLOCK);
  let filled = 0;
  let dictionary: Uint8Array | undefined;
  const queue: Promise<Uint8Array>[] = [];
  const submit = (bytes: Uint8Array, last: boolean) => {
    const job = deflateBlock(bytes, level, last, dictionary);
    job.catch(() => {}); // awaited in order below; an unread failure must not crash the process
    queue.push(job);
    dictionary = tail(bytes);
  };
  const emitHead = async (c: TransformStreamDefaultController<Uint8Array>) => {
    const out = await queue.shift()!;
    if (out.length) c.enqueue(out);
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, c) {
      let at = 0;
      while (at < chunk.length) {
        if (filled === 0 && chunk.length - at >= DEFLATE_BLOCK) {
          // a whole block inside the chunk: deflate it where it is (the chunk is ours now)
          submit(chunk.subarray(at, at + DEFLATE_BLOCK), false);
          at += DEFLATE_BLOCK;
        } else {
          const n = Math.min(DEFLATE_BLOCK - filled, chunk.length - at);
          block.set(chunk.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled < DEFLATE_BLOCK) continue;
          submit(block, false);
          block = new Uint8Array(DEFLATE_BLOCK);
          filled = 0;
        }
        // backpressure: a full queue waits for its oldest block, whose bytes go out first
        while (queue.length >= IN_FLIGHT) await emitHead(c);
      }
    },
    async flush(c) {
      // the final block, also when empty: it carries the stream's end-of-data bit
      submit(block.subarray(0, filled), true);
      while (queue.length) await emitHead(c);
    },
  });
}

/** A whole input deflated as one raw stream, its blocks on the thread pool in parallel. */
export async function parallelDeflate(input: Uint8Array, level: number): Promise<Uint8Array> {
  const jobs: Promise<Uint8Array>[] = [];
  const out: Uint8Array[] = [];
  let dictionary: Uint8Array | undefined;
  for (let at = 0; at < input.length || jobs.length === 0; at += DEFLATE_BLOCK) {
    const bytes = input.subarray(at, at + DEFLATE_BLOCK);
    const job = deflateBlock(bytes, level, at + DEFLATE_BLOCK >= input.length, dictionary);
    job.catch(() => {});
    jobs.push(job);
    dictionary = tail(bytes);
    if (jobs.length - out.length >= IN_FLIGHT) out.push(await jobs[out.length]!);
  }
  for (let i = out.length; i < jobs.length; i++) out.push(await jobs[i]!);
  return concat(out);
}
