import { abortError, onAbort } from "./abort.js";

/** Bytes at the start of a body that stay at hand, so a header can be read again. */
export const KEEP_HEAD = 64 << 10;

/**
 * The body of a `200` (a server that ignores `Range`), read in order as reads ask for it: a read at
 * or after the bytes still held pulls the body up to its end, and what lies before it is let go
 * (except the first {@link KEEP_HEAD} bytes). Only what the reads reach is downloaded; the rest
 * waits in the network's buffers. `read` resolves to `undefined` for a read behind the bytes held
 * (the body would have to start again) or one that would skip more than `KEEP_HEAD` bytes.
 */
export interface InOrderBody {
  read(offset: number, length: number, signal: AbortSignal | undefined): Promise<Uint8Array | undefined>;
  /** The body's length, once it has ended. */
  readonly ended: number | undefined;
  cancel(): void;
}

export function inOrderBody(body: ReadableStream<Uint8Array>, onError: (err: unknown) => Error): InOrderBody {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let start = 0; // offset of chunks[0]
  let end = 0; // offset after the last chunk
  let ended: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const pull = async (until: number, signal: AbortSignal | undefined) => {
    while (end < until && ended === undefined) {
      const stop = onAbort(signal, () => reader.cancel(abortError(signal)).catch(() => {}));
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (err) {
        throw signal?.aborted ? abortError(signal) : onError(err);
      } finally {
        stop();
      }
      if (next.done) ended = end;
      else {
        chunks.push(next.value);
        end += next.value.length;
      }
    }
  };

  const serve = async (offset: number, length: number, signal: AbortSignal | undefined) => {
    if (offset < start || offset > end + KEEP_HEAD) return undefined;
    await pull(offset + length, signal);
    const n = Math.max(0, Math.min(length, end - offset));
    const out = new Uint8Array(n);
    let at = start;
    for (const c of chunks) {
      const from = Math.max(offset, at);
      const to = Math.min(offset + n, at + c.length);
      if (from < to) out.set(c.subarray(from - at, to - at), from - offset);
      at += c.length;
    }
    // let go of whole chunks behind this read, once past the head kept for re-reading headers
    const before = offset + n > KEEP_HEAD ? offset + n : 0;
    while (chunks.length > 0 && start + chunks[0]!.length <= before) start += chunks.shift()!.length;
    return out;
  };

  return {
    get ended() {
      return ended;
    },
    read(offset, length, signal) {
      // one read at a time, in the order they were asked for
      const result = queue.then(() => serve(offset, length, signal));
      queue = result.catch(() => {});
      return result;
    },
    cancel() {
      reader.cancel().catch(() => {});
    },
  };
}
