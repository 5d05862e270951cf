import { type NpyArray, nativeOrder } from "@npyio/dtype";
import { type AllowPickleOptions, decodeObjectArray } from "@npyio/dtype/pickle";
import { checkDataExtent, NpyError } from "@npyio/header";
import { abortable, abortError, onAbort, toNpyError } from "./abort.js";
import { checkAllocatable } from "./allocate-bytes.js";
import { asBytes, type ByteSource, sourceReadable } from "./byte-source.js";
import { ChunkAccumulator } from "./chunk-accumulator.js";
import { fetchWhole } from "./fetch-whole.js";
import { HeaderCollector } from "./header-collector.js";
import type { NpyStreamHeader } from "./npy-chunk.js";
import { decodeAny } from "./npy-chunk.js";
import { dataExtent, declaredByteLength, TRAILING_HINT } from "./npy-decoder-stream.js";
import type { LimitOptions, StreamOptions } from "./stream-options.js";

/**
 * Everything {@link readNpy} reads from. A string or `URL` is fetched (one plain GET); a
 * {@link ByteSource} (a file, say) is streamed from its start.
 *
 * @example
 * ```ts
 * await readNpy(await fetch(url)); // a Response
 * await readNpy(file); // a Blob or File
 * await readNpy(new URL("data/a.npy", import.meta.url)); // fetched
 * ```
 */
export type NpySource =
  | ReadableStream<Uint8Array>
  | Response
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ByteSource
  | string
  | URL;

/**
 * Options of {@link readNpy}.
 *
 * @example
 * ```ts
 * const a = await readNpy(url, {
 *   init: { credentials: "include" },
 *   maxBytes: 2 ** 30,
 *   onProgress: ({ loaded, total }) => console.log(loaded, total),
 *   signal: AbortSignal.timeout(30_000),
 * });
 * ```
 */
export interface ReadNpyOptions extends StreamOptions, LimitOptions, AllowPickleOptions {
  /** Ignore bytes after the array data instead of failing with `TRAILING_DATA`. Default `false`. */
  allowTrailing?: boolean;
  /** The `fetch` used for a URL source. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra `fetch` options (headers, credentials...) for a URL source. */
  init?: RequestInit;
}

/** A stream to read and the number of bytes it will deliver, when that is known and trustworthy. */
interface Input {
  stream: ReadableStream<Uint8Array> | null;
  available: number | undefined;
}

async function open(source: NpySource, options: ReadNpyOptions): Promise<Input> {
  if (typeof source === "string" || source instanceof URL) {
    // one plain GET: a whole file needs no Range
    return open(await fetchWhole(source, options), options);
  }
  if (source instanceof ReadableStream) return { stream: source, available: undefined };
  if (typeof (source as ByteSource).read === "function") {
    const bytes = source as ByteSource;
    return { stream: sourceReadable(bytes, { signal: options.signal }), available: bytes.size };
  }
  if (typeof Blob !== "undefined" && source instanceof Blob)
    return { stream: source.stream(), available: source.size };
  if (typeof Response !== "undefined" && source instanceof Response) {
    if (source.bodyUsed) throw new NpyError("INVALID_ARGUMENT", "the Response body has already been read");
    const length = source.headers.get("content-length");
    // With a Content-Encoding, Content-Length counts compressed bytes, not what the body yields.
    const trusted = length !== null && /^\d+$/.test(length) && !source.headers.get("content-encoding");
    return { stream: source.body, available: trusted ? Number(length) : undefined };
  }
  throw new NpyError("INVALID_ARGUMENT", "readNpy reads a stream, Response, Blob, bytes or URL");
}

/** The whole array from bytes in memory: the data is a view of `bytes` where `decode` allows it. */
function readBytes(bytes: Uint8Array, options: ReadNpyOptions): NpyArray {
  const collector = new HeaderCollector(options.maxHeaderSize, options.allowPickle);
  const got = collector.push(bytes);
  if (!got) throw collector.truncated();
  if (got.header.dtype.kind === "O") {
    options.onProgress?.({ loaded: bytes.length, total: bytes.length });
    return unpickled(got.header, [got.rest], options);
  }
  const want = declaredByteLength(got.header, options.maxBytes);
  checkDataExtent(dataExtent(got.header, want), got.rest.length, {
    allowTrailing: options.allowTrailing,
    hint: TRAILING_HINT,
  });
  options.onProgress?.({ loaded: bytes.length, total: bytes.length });
  return toArray(got.header, got.rest.subarray(0, want), false);
}

/** An object array from its pickle (all the bytes after the header), within maxBytes. */
function unpickled(header: NpyStreamHeader, chunks: Uint8Array[], options: ReadNpyOptions): NpyArray {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = chunks.length === 1 ? chunks[0]! : new Uint8Array(total);
  if (chunks.length !== 1) {
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
  }
  return decodeObjectArray(bytes, { ...options, shape: header.shape });
}

/** LIMIT_EXCEEDED once a pickle passes maxBytes (its length is not in the header). */
function checkPickleSize(size: number, maxBytes: number | undefined): void {
  if (maxBytes !== undefined && size > maxBytes) {
    throw new NpyError(
      "LIMIT_EXCEEDED",
      `the object array's pickle passes maxBytes (${maxBytes}); raise maxBytes to read it`,
    );
  }
}

/** `owned`: the buffer is readNpy's own, so big-endian data is swapped where it lies (no second buffer). */
function toArray(header: NpyStreamHeader, bytes: Uint8Array, owned: boolean): NpyArray {
  const { dtype, shape, fortranOrder } = header;
  return { dtype, shape, fortranOrder, data: decodeAny(dtype, bytes, { inPlace: owned }) };
}

/**
 * Reads a whole .npy array from any source. The data goes into ONE buffer of the exact size from the
 * header, filled as bytes arrive (no concatenation at the end). That buffer is allocated at once when
 * it is at most 1 MiB, when the input's length is known (a `Blob`, a `Content-Length`) or when
 * `maxBytes` is set; otherwise the chunks are held until a quarter of the data has arrived, so a
 * header declaring terabytes over a short body fails with `TRUNCATED` without the huge allocation.
 * Big-endian numbers are swapped into native order as they land. Bytes in memory are decoded in
 * place (zero-copy).
 *
 * @example
 * ```ts
 * const { data, shape } = await readNpy("https://example.org/weights.npy", { maxBytes: 2 ** 30 });
 * ```
 */
export async function readNpy(source: NpySource, options: ReadNpyOptions = {}): Promise<NpyArray> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return readBytes(asBytes(source), options);
  const { stream, available } = await open(source, options);
  if (!stream) return readBytes(new Uint8Array(0), options);
  const reader = stream.getReader();
  const stopAbort = onAbort(signal, () => void reader.cancel(abortError(signal)).catch(() => {}));
  const collector = new HeaderCollector(options.maxHeaderSize, options.allowPickle);
  let header: NpyStreamHeader | undefined;
  let data: ChunkAccumulator | undefined;
  // an object array's pickle has no length in the header: its chunks are kept until the end
  let pickle: Uint8Array[] | undefined;
  let pickleSize = 0;
  let order: ReturnType<typeof nativeOrder>;
  let want = 0;
  let loaded = 0;
  try {
    for (;;) {
      // raced with the signal: a stalled upstream cannot hold an abort back
      const { done, value } = await abortable(reader.read(), signal);
      // the abort cancels the reader too, which ends a pending read as "done"
      if (signal?.aborted) throw abortError(signal);
      if (done) break;
      loaded += value.length;
      let rest = value;
      if (!header) {
        const got = collector.push(value);
        if (!got) continue;
        header = got.header;
        rest = got.rest;
        if (header.dtype.kind === "O") pickle = [];
        else {
          want = declaredByteLength(header, options.maxBytes);
          // a declared length too short for the data fails now; a longer one is checked as bytes arrive
          if (available !== undefined) {
            const got = Math.max(0, available - header.dataOffset);
            checkDataExtent(dataExtent(header, want), got, { allowTrailing: true });
          }
          // refused before a byte of data is held: this reader could never return it whole
          checkAllocatable(want, "the array data");
          // big-endian numbers are swapped piece by piece as they land in the buffer, while in cache
          order = nativeOrder(header.dtype);
          data = new ChunkAccumulator(want, {
            ...(available === undefined ? {} : { available: available - header.dataOffset }),
            // a caller who set maxBytes has accepted that many bytes: one buffer at once, as with a length
            preallocate: options.maxBytes !== undefined,
            swapWidth: order?.width ?? 1,
          });
        }
      }
      if (pickle) {
        // a copy: the stream may reuse its chunk buffers
        pickle.push(rest.slice());
        pickleSize += rest.length;
        checkPickleSize(pickleSize, options.maxBytes);
        options.onProgress?.({ loaded, total: available });
        continue;
      }
      const took = data!.push(rest);
      options.onProgress?.({ loaded, total: available ?? header.dataOffset + want });
      if (took < rest.length || (data!.full && options.allowTrailing)) {
        if (!options.allowTrailing) {
          // what has arrived so far: at least this much follows the data
          checkDataExtent(dataExtent(header, want), want + rest.length - took, { hint: TRAILING_HINT });
        }
        await reader.cancel().catch(() => {});
        break;
      }
    }
    if (!header) throw collector.truncated();
    if (pickle) return unpickled(header, pickle, options);
    checkDataExtent(dataExtent(header, want), data!.filled, { allowTrailing: true });
    const array = toArray(order ? { ...header, dtype: order.dtype } : header, data!.bytes(), true);
    return order ? { ...array, dtype: header.dtype } : array;
  } catch (err) {
    await reader.cancel(err).catch(() => {});
    throw toNpyError(err, "IO_ERROR", "reading the .npy input", signal);
  } finally {
    stopAbort();
    reader.releaseLock();
  }
}
