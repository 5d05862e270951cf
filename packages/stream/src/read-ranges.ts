import { NpyError } from "@npyio/header";
import { abortError, throwIfAborted } from "./abort.js";
import type { ByteSource } from "./byte-source.js";
import { checkIndex, type StreamOptions } from "./stream-options.js";

/**
 * Options of {@link readRanges}.
 *
 * @example
 * ```ts
 * await readRanges(source, [0, 4096], [100, 100], { concurrency: 2, signal });
 * ```
 */
export interface ReadRangesOptions extends StreamOptions {
  /** Most reads in flight at once. Default 6 (what a browser opens per HTTP/1.1 host). */
  concurrency?: number | undefined;
}

/** Default {@link ReadRangesOptions.concurrency}. */
export const DEFAULT_CONCURRENCY = 6;

/**
 * Reads `lengths[i]` bytes at `offsets[i]` for every `i`, up to `concurrency` at a time, and
 * resolves to the bytes of each in order. A read that comes back short (the source ended) is
 * `TRUNCATED`; the first failure or an abort cancels the reads still in flight. `onProgress` is
 * called after each read with the bytes read so far and the total of `lengths`.
 *
 * @example
 * ```ts
 * const [head, tail] = await readRanges(source, [0, size - 22], [64, 22]);
 * ```
 */
export async function readRanges(
  source: ByteSource,
  offsets: readonly number[],
  lengths: readonly number[],
  options: ReadRangesOptions = {},
): Promise<Uint8Array[]> {
  const { signal, onProgress } = options;
  const concurrency = checkIndex(options.concurrency ?? DEFAULT_CONCURRENCY, "concurrency", 1);
  throwIfAborted(signal);
  const total = lengths.reduce((a, b) => a + b, 0);
  const out = new Array<Uint8Array>(offsets.length);
  // the first failure stops the other reads: the caller gets that failure, not a later one
  const stop = new AbortController();
  const readSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let next = 0;
  let loaded = 0;
  const worker = async () => {
    while (next < offsets.length) {
      const i = next++;
      const offset = offsets[i]!;
      const length = lengths[i]!;
      const bytes = await source.read(offset, length, { signal: readSignal });
      if (signal?.aborted) throw abortError(signal);
      if (bytes.length < length) {
        const end = offset + bytes.length;
        throw new NpyError(
          "TRUNCATED",
          `the source ends at byte ${end}, inside the read of bytes ${offset}..${offset + length}`,
          { offset: end },
        );
      }
      out[i] = bytes;
      loaded += length;
      onProgress?.({ loaded, total });
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, offsets.length) }, () =>
    worker().catch((err: unknown) => {
      stop.abort(err);
      throw err;
    }),
  );
  const settled = await Promise.allSettled(workers);
  // the failure that stopped the others, not the ABORTED errors it caused
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  throwIfAborted(signal);
  if (failed) throw stop.signal.reason ?? failed.reason;
  return out;
}
