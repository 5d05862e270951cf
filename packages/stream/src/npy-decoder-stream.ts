import { checkDataExtent, type DataExtent, NpyError } from "@npyio/header";
import { abortError, onAbort } from "./abort.js";
import { ChunkAccumulator } from "./chunk-accumulator.js";
import { HeaderCollector } from "./header-collector.js";
import {
  decodeAny,
  type NpyChunk,
  type NpyChunkHeader,
  type NpyStreamHeader,
  shapeSize,
} from "./npy-chunk.js";
import { checkIndex, type LimitOptions, type StreamOptions } from "./stream-options.js";

/**
 * Options of {@link NpyDecoderStream}.
 *
 * @example
 * ```ts
 * new NpyDecoderStream({ rows: true, chunkBytes: 4 << 20, maxBytes: 2 ** 30, onProgress: console.log });
 * ```
 */
export interface NpyDecoderStreamOptions extends StreamOptions, LimitOptions {
  /** Emit only whole rows (along axis 0) rather than whole elements. Default `false`. */
  rows?: boolean;
  /** Target size of an emitted chunk in bytes (rounded down to whole elements or rows). Default 1 MiB. */
  chunkBytes?: number;
  /** Ignore bytes after the array data instead of failing with `TRAILING_DATA`. Default `false`. */
  allowTrailing?: boolean;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
/**
 * Runs of whole elements at least this long (or a full chunk) are emitted as views of the input. Small
 * enough that a 64 KiB input chunk minus a header still qualifies (at 64 KiB, every chunk of a
 * file stream was copied: bench case 4), large enough that 1-byte inputs are gathered into chunks.
 */
const DIRECT_BYTES = 1 << 12;

/** Array data size in bytes for a header, or LIMIT_EXCEEDED when it is over `maxBytes` or 2**53. */
export function declaredByteLength(header: NpyStreamHeader, maxBytes: number | undefined): number {
  const bytes = shapeSize(header.shape) * header.dtype.itemsize;
  if (!Number.isSafeInteger(bytes) || (maxBytes !== undefined && bytes > maxBytes)) {
    throw new NpyError(
      "LIMIT_EXCEEDED",
      `the header declares ${bytes} bytes of data, over maxBytes (${maxBytes ?? 2 ** 53}); raise maxBytes to read it`,
    );
  }
  return bytes;
}

/** Where the header says the data lies, for `checkDataExtent` (the one TRUNCATED/TRAILING_DATA check). */
export const dataExtent = (header: NpyStreamHeader, want: number): DataExtent => ({
  dataOffset: header.dataOffset,
  dataBytes: want,
});

/** What a reader with `allowTrailing` tells the user to do about TRAILING_DATA. */
export const TRAILING_HINT = "pass allowTrailing: true to ignore the bytes after the data";

/**
 * Decodes a .npy byte stream into chunks of whole elements (or whole rows with `{ rows: true }`), in
 * native byte order, each with the index of its first element. Elements split across input chunks
 * are carried over, so input chunks of any size work; memory held is one output chunk. The parsed
 * header is available as {@link NpyDecoderStream.header} and on every chunk. A long run of whole
 * elements inside one input chunk is decoded in place, so its data may be a view of that chunk.
 *
 * @example
 * ```ts
 * const res = await fetch("big.npy");
 * for await (const chunk of res.body!.pipeThrough(new NpyDecoderStream())) {
 *   console.log(chunk.offset, chunk.data);
 * }
 * ```
 */
export class NpyDecoderStream extends TransformStream<Uint8Array, NpyChunk> {
  /** Resolves with the header as soon as it is parsed; rejects if the stream fails before that. */
  readonly header: Promise<NpyStreamHeader>;

  constructor(options: NpyDecoderStreamOptions = {}) {
    const chunkBytes = checkIndex(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, "chunkBytes", 1);
    const collector = new HeaderCollector(options.maxHeaderSize);
    let resolveHeader!: (h: NpyStreamHeader) => void;
    let rejectHeader!: (err: unknown) => void;
    const headerPromise = new Promise<NpyStreamHeader>((res, rej) => {
      resolveHeader = res;
      rejectHeader = rej;
    });
    headerPromise.catch(() => {});

    let header: NpyStreamHeader | undefined;
    let chunkHeader: NpyChunkHeader | undefined; // one object shared by every chunk
    let want = 0; // data bytes the header declares
    let received = 0; // data bytes taken so far
    let capacity = 0; // bytes per full output chunk
    let unit = 1; // bytes of an element, or of a row with { rows: true }
    let emitted = 0; // elements emitted
    let out: ChunkAccumulator | undefined;
    let loaded = 0;
    let stopAbort = () => {};

    // `owned`: the decoder's own chunk buffer, so big-endian data is swapped where it lies
    const emit = (
      controller: TransformStreamDefaultController<NpyChunk>,
      bytes: Uint8Array,
      owned = false,
    ) => {
      const h = header!;
      const length = h.dtype.itemsize === 0 ? 0 : bytes.length / h.dtype.itemsize;
      chunkHeader ??= { descr: h.descr, fortranOrder: h.fortranOrder, shape: h.shape, dtype: h.dtype };
      const data = decodeAny(h.dtype, bytes, { inPlace: owned });
      controller.enqueue({ header: chunkHeader, data, offset: emitted, length });
      emitted += length;
    };

    const fail = (err: unknown) => {
      rejectHeader(err);
      stopAbort();
      throw err;
    };

    super(
      {
        start(controller) {
          stopAbort = onAbort(options.signal, () => {
            const err = abortError(options.signal);
            rejectHeader(err);
            controller.error(err);
          });
        },
        transform(chunk, controller) {
          try {
            loaded += chunk.length;
            let bytes = chunk;
            if (!header) {
              const got = collector.push(chunk);
              if (!got) return;
              header = got.header;
              want = declaredByteLength(header, options.maxBytes);
              unit =
                options.rows && header.shape.length > 0
                  ? want / (header.shape[0] || 1)
                  : header.dtype.itemsize;
              capacity = unit === 0 ? chunkBytes : Math.max(unit, Math.floor(chunkBytes / unit) * unit);
              resolveHeader(header);
              bytes = got.rest;
            }
            let i = 0;
            while (i < bytes.length) {
              if (received === want) {
                if (options.allowTrailing) break;
                // what has arrived so far: at least this much follows the data
                checkDataExtent(dataExtent(header, want), want + bytes.length - i, { hint: TRAILING_HINT });
              }
              if (!out) {
                // a run of whole elements inside this input chunk goes out as a view of it (no copy)
                const span = Math.min(capacity, want - received, bytes.length - i);
                const whole = span - (span % unit);
                if (whole > 0 && whole >= Math.min(capacity, DIRECT_BYTES)) {
                  emit(controller, bytes.subarray(i, i + whole));
                  i += whole;
                  received += whole;
                  continue;
                }
                out = new ChunkAccumulator(Math.min(capacity, want - received));
              }
              const took = out.push(i === 0 ? bytes : bytes.subarray(i));
              i += took;
              received += took;
              if (out.full) {
                emit(controller, out.bytes(), true);
                out = undefined;
              }
            }
            options.onProgress?.({ loaded, total: header.dataOffset + want });
          } catch (err) {
            fail(err);
          }
        },
        flush(controller) {
          try {
            if (!header) throw collector.truncated();
            checkDataExtent(dataExtent(header, want), received);
            if (emitted === 0 && want === 0) emit(controller, new Uint8Array(0));
            stopAbort();
          } catch (err) {
            fail(err);
          }
        },
      },
      // one output chunk may wait in the queue, so the header is parsed before anyone reads
      undefined,
      { highWaterMark: 1 },
    );
    this.header = headerPromise;
  }
}
