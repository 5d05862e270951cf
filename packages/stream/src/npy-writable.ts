import type { NpyData } from "@npyio/dtype";
import {
  checkDataExtent,
  NpyError,
  type NpyHeader,
  type NpyVersion,
  parseHeader,
  serializeHeader,
} from "@npyio/header";
import { abortError, onAbort } from "./abort.js";
import type { ByteSource } from "./byte-source.js";
import { ChunkEncoder, type DTypeLike, shapeMismatch, toDType } from "./chunk-encoder.js";
import { growthHeader } from "./growth-header.js";
import { type NpyChunk, shapeSize } from "./npy-chunk.js";
import { dataExtent, declaredByteLength } from "./npy-decoder-stream.js";
import { readHeader } from "./read-header.js";
import type { SeekableSink } from "./seekable-sink.js";
import type { StreamOptions } from "./stream-options.js";

/**
 * Options of {@link npyWritable}.
 *
 * @example
 * ```ts
 * npyWritable(sink, { dtype: "<f4", shape: [-1, 768], version: "2.0", onProgress: console.log });
 * ```
 */
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
  /** Header bytes to write first (none when appending). */
  prefix?: Uint8Array;
  /** Bytes before the data: the final header must fill them exactly when axis 0 grows. */
  headerLength: number;
  version: NpyVersion;
  /** Rows already in the file (append). */
  rows: number;
  /** Elements the shape holds, or `undefined` when axis 0 grows. */
  total?: number;
}

const rowElements = (shape: readonly number[]) => shapeSize(shape.slice(1));

function planNew(options: NpyWritableOptions): Plan {
  const encoder = new ChunkEncoder(toDType(options.dtype));
  const { shape, version } = options;
  const header = { descr: encoder.dtype.descr, fortranOrder: options.fortranOrder ?? false, shape };
  const growing = shape[0] === -1;
  if (growing) checkGrowable(header, "write an unknown number of rows");
  const prefix = growing
    ? growthHeader(header, 0, version)
    : serializeHeader(header, version ? { version } : {});
  return {
    encoder,
    header,
    prefix,
    headerLength: prefix.length,
    // the version serializeHeader chose (its own bytes: no size limit to apply)
    version: parseHeader(prefix, { maxHeaderSize: prefix.length }).version,
    rows: 0,
    ...(growing ? {} : { total: shapeSize(shape) }),
  };
}

function checkGrowable({ shape, fortranOrder }: NpyHeader, what: string): void {
  if (shape.length === 0 || shape.slice(1).some((n) => n < 0) || (fortranOrder && shape.length > 1)) {
    throw new NpyError("INVALID_ARGUMENT", `cannot ${what}: rows grow along axis 0 of a C-order array only`);
  }
  if (rowElements(shape) === 0)
    throw new NpyError("INVALID_ARGUMENT", `cannot ${what}: rows hold no elements`);
}

function writableOver(sink: SeekableSink, plan: () => Promise<Plan> | Plan, options: StreamOptions) {
  let p: Plan;
  let position = 0;
  let loaded = 0;
  let stopAbort = () => {};
  // every failure aborts the sink, which discards what was written
  const guarded =
    <T>(step: (arg: T) => Promise<void>) =>
    async (arg: T) => {
      try {
        await step(arg);
      } catch (err) {
        stopAbort();
        await sink.abort(err);
        throw err;
      }
    };
  return new WritableStream<NpyData | NpyChunk>({
    start: guarded(async (controller: WritableStreamDefaultController) => {
      stopAbort = onAbort(options.signal, () => {
        const err = abortError(options.signal);
        controller.error(err);
        void sink.abort(err);
      });
      p = await plan();
      position = p.prefix ? p.headerLength : p.headerLength + (await dataBytes(p));
      if (p.prefix) await sink.write(p.prefix, 0);
    }),
    write: guarded(async (chunk: NpyData | NpyChunk) => {
      const { encoder, total } = p;
      const bytes = encoder.encode(chunk);
      if (encoder.elements > (total ?? Number.POSITIVE_INFINITY)) {
        throw shapeMismatch(p.header.shape, total!, encoder.elements);
      }
      if (bytes.length > 0) await sink.write(bytes, position);
      position += bytes.length;
      loaded += bytes.length;
      options.onProgress?.({ loaded, total: undefined });
    }),
    close: guarded<void>(async () => {
      const { encoder, header, total, headerLength } = p;
      const { elements } = encoder;
      const { shape } = header;
      if (total !== undefined) {
        if (elements !== total) throw shapeMismatch(shape, total, elements);
      } else {
        const perRow = rowElements(shape);
        if (elements % perRow !== 0) {
          throw new NpyError("SHAPE_MISMATCH", `${elements} elements are not whole rows of ${perRow}`);
        }
        const grown = { ...header, shape: [p.rows + elements / perRow, ...shape.slice(1)] };
        const fitted = serializeHeader(grown, { version: p.version, byteLength: headerLength });
        if (fitted.length !== headerLength) {
          throw new NpyError(
            "HEADER_TOO_LARGE",
            `the new header needs ${fitted.length} bytes, the file has room for ${headerLength}; it cannot be rewritten in place`,
          );
        }
        await sink.write(fitted, 0);
      }
      stopAbort();
      await sink.close();
    }),
    async abort(reason) {
      stopAbort();
      await sink.abort(reason);
    },
  });
}

/** Bytes of data already in an appended file. */
const dataBytes = (p: Plan) => p.rows * rowElements(p.header.shape) * p.encoder.dtype.itemsize;

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
 *
 * @example
 * ```ts
 * const handle = await showSaveFilePicker({ suggestedName: "log.npy" });
 * const source = blobSource(await handle.getFile());
 * const sink = fileSystemSink(await handle.createWritable({ keepExistingData: true }));
 * const writer = npyAppendWritable(source, sink).getWriter();
 * await writer.write(new Float32Array([4, 5, 6])); // one more row of a (n, 3) <f4 file
 * await writer.close();
 * ```
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
  const bytes = declaredByteLength(parsed, undefined);
  const size = source.size ?? parsed.dataOffset + bytes;
  checkDataExtent(dataExtent(parsed, bytes), size - parsed.dataOffset);
  const { descr, fortranOrder, shape, dataOffset, version } = parsed;
  return {
    encoder: new ChunkEncoder(parsed.dtype),
    header: { descr, fortranOrder, shape },
    headerLength: dataOffset,
    version,
    rows: shape[0]!,
  };
}
