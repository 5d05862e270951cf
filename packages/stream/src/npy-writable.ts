import type { NpyData } from "@npyio/dtype";
import { NpyError, type NpyHeader, type NpyVersion, serializeHeader } from "@npyio/header";
import type { ByteSource } from "./byte-source.js";
import { ChunkEncoder, type DTypeLike, shapeMismatch, toDType } from "./chunk-encoder.js";
import { growthHeader, padHeader, versionOf } from "./growth-header.js";
import { elementCount, type NpyChunk } from "./npy-chunk.js";
import { dataByteLength, trailingData, truncatedData } from "./npy-decoder-stream.js";
import { readHeader } from "./read-header.js";
import type { SeekableSink } from "./seekable-sink.js";
import { abortError, onAbort, type StreamOptions } from "./stream-options.js";

/** Options of {@link npyWritable}. */
export interface NpyWritableOptions extends StreamOptions {
  dtype: DTypeLike;
  /** The shape; `-1` as the first dimension means "as many rows as are written" (patched at close). */
  shape: number[];
  fortranOrder?: boolean;
  version?: NpyVersion;
}

/** Where writing starts and what the header says at the end. */
interface Plan {
  encoder: ChunkEncoder;
  header: NpyHeader;
  /** Header bytes to write first, or none when appending. */
  prefix: Uint8Array | undefined;
  /** Length of the header region, which the final header must fill exactly (unknown length, append). */
  headerLength: number | undefined;
  version: NpyVersion | undefined;
  /** Rows already in the file (append). */
  rows: number;
  position: number;
  /** Elements the shape holds, or `undefined` when axis 0 grows. */
  total: number | undefined;
}

const rowElements = (shape: readonly number[]) => elementCount(shape.slice(1));

function planNew(options: NpyWritableOptions): Plan {
  const encoder = new ChunkEncoder(toDType(options.dtype));
  const { shape } = options;
  const fortranOrder = options.fortranOrder ?? false;
  const header = { descr: encoder.dtype.descr, fortranOrder, shape };
  const growing = shape[0] === -1;
  if (growing) checkGrowable(header, "write an unknown number of rows");
  const prefix = growing ? growthHeader(header, 0, options.version) : undefined;
  const known = growing ? undefined : elementCount(shape);
  return {
    encoder,
    header,
    prefix:
      prefix ?? serializeHeader(header, options.version === undefined ? {} : { version: options.version }),
    headerLength: prefix?.length,
    version: prefix ? versionOf(prefix) : undefined,
    rows: 0,
    position: 0,
    total: known,
  };
}

function checkGrowable(header: NpyHeader, what: string): void {
  const { shape, fortranOrder } = header;
  if (shape.length === 0 || shape.slice(1).some((n) => n < 0) || (fortranOrder && shape.length > 1)) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `cannot ${what} for shape (${shape.join(", ")})${fortranOrder ? " in Fortran order" : ""}: ` +
        "rows can only be added along axis 0 of a C-order array with at least one dimension",
    );
  }
  if (rowElements(shape) === 0) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `rows of shape (${shape.join(", ")}) hold no elements, so they cannot be counted`,
    );
  }
}

function writableOver(sink: SeekableSink, plan: () => Promise<Plan> | Plan, options: StreamOptions) {
  let state: Plan | undefined;
  let stopAbort = () => {};
  let loaded = 0;
  const fail = async (err: unknown) => {
    stopAbort();
    await sink.abort(err);
    throw err;
  };
  return new WritableStream<NpyData | NpyChunk>({
    async start(controller) {
      stopAbort = onAbort(options.signal, () => {
        const err = abortError(options.signal);
        controller.error(err);
        void sink.abort(err);
      });
      try {
        state = await plan();
        if (state.prefix) {
          await sink.write(state.prefix, 0);
          state.position = state.prefix.length;
        }
      } catch (err) {
        await fail(err);
      }
    },
    async write(chunk) {
      const s = state!;
      try {
        const bytes = s.encoder.encode(chunk);
        if (s.total !== undefined && s.encoder.elements > s.total) {
          throw shapeMismatch(s.header.shape, s.total, s.encoder.elements);
        }
        if (bytes.length > 0) await sink.write(bytes, s.position);
        s.position += bytes.length;
        loaded += bytes.length;
        options.onProgress?.({ loaded, total: undefined });
      } catch (err) {
        await fail(err);
      }
    },
    async close() {
      const s = state!;
      try {
        const { shape } = s.header;
        if (s.total !== undefined) {
          if (s.encoder.elements !== s.total) throw shapeMismatch(shape, s.total, s.encoder.elements);
        } else {
          const perRow = rowElements(shape);
          if (s.encoder.elements % perRow !== 0) {
            throw new NpyError(
              "SHAPE_MISMATCH",
              `${s.encoder.elements} elements were written, not a whole number of rows of ${perRow} elements ` +
                `(shape (${shape.join(", ")}))`,
            );
          }
          const rows = s.rows + s.encoder.elements / perRow;
          const header = serializeHeader(
            { ...s.header, shape: [rows, ...shape.slice(1)] },
            { version: s.version },
          );
          const fitted = padHeader(header, s.headerLength!);
          if (!fitted) {
            throw new NpyError(
              "HEADER_TOO_LARGE",
              `the new header (${header.length} bytes, shape (${[rows, ...shape.slice(1)].join(", ")})) does not fit ` +
                `in the ${s.headerLength}-byte header already in the file; the file is left as it was`,
            );
          }
          await sink.write(fitted, 0);
        }
        stopAbort();
        await sink.close();
      } catch (err) {
        await fail(err);
      }
    },
    async abort(reason) {
      stopAbort();
      await sink.abort(reason);
    },
  });
}

/**
 * A `WritableStream` that writes a .npy file to a {@link SeekableSink}. With `-1` as the first
 * dimension, the number of rows need not be known: the header is written with room for any count
 * and patched at close. Accepts typed data or `NpyChunk`s; fails with `SHAPE_MISMATCH` if the count
 * of elements does not fit the shape, and then aborts the sink, so nothing is left behind.
 *
 * @example
 * ```ts
 * // Node: `import { fileSink } from "@npyio/stream/node"`; browser: fileSystemSink(await handle.createWritable())
 * const out = npyWritable(fileSink("rows.npy"), { dtype: "<f4", shape: [-1, 3] });
 * const writer = out.getWriter();
 * await writer.write(new Float32Array([1, 2, 3]));
 * await writer.close(); // header now says shape (1, 3)
 * ```
 */
export function npyWritable(
  sink: SeekableSink,
  options: NpyWritableOptions,
): WritableStream<NpyData | NpyChunk> {
  return writableOver(sink, () => planNew(options), options);
}

/**
 * A `WritableStream` that appends rows along axis 0 to an existing .npy file in place, like Python's
 * npy-append-array: the data goes after the existing data, then the header is rewritten within its
 * own padding. `source` reads the file, `sink` writes it; a sink that restores the file on `abort`
 * (as Node's `appendNpy` does) leaves it unchanged on any failure.
 */
export function npyAppendWritable(
  source: ByteSource,
  sink: SeekableSink,
  options: StreamOptions = {},
): WritableStream<NpyData | NpyChunk> {
  return writableOver(sink, () => planAppend(source, options), options);
}

async function planAppend(source: ByteSource, options: StreamOptions): Promise<Plan> {
  const parsed = await readHeader(source, { signal: options.signal });
  checkGrowable(parsed, "append");
  const bytes = dataByteLength(parsed, undefined);
  const end = parsed.dataOffset + bytes;
  if (source.size !== undefined && source.size < end) {
    throw truncatedData(parsed, bytes, source.size - parsed.dataOffset);
  }
  if (source.size !== undefined && source.size > end) throw trailingData(parsed, bytes);
  const { descr, fortranOrder, shape } = parsed;
  return {
    encoder: new ChunkEncoder(parsed.dtype),
    header: { descr, fortranOrder, shape },
    prefix: undefined,
    headerLength: parsed.dataOffset,
    version: parsed.version,
    rows: shape[0]!,
    position: end,
    total: undefined,
  };
}
