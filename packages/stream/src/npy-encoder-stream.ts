import type { NpyData } from "@npyio/dtype";
import { NpyError, type NpyVersion, serializeHeader } from "@npyio/header";
import { abortError, onAbort } from "./abort.js";
import { ChunkEncoder, type DTypeLike, shapeMismatch, toDType } from "./chunk-encoder.js";
import { isNpyChunk, type NpyChunk, shapeSize } from "./npy-chunk.js";
import type { StreamOptions } from "./stream-options.js";

/**
 * Options of {@link NpyEncoderStream}. Without `dtype` and `shape`, they come from the first NpyChunk.
 *
 * @example
 * ```ts
 * new NpyEncoderStream({ dtype: ">i2", shape: [2, 1000], fortranOrder: true, version: "2.0" });
 * ```
 */
export interface NpyEncoderStreamOptions extends StreamOptions {
  dtype?: DTypeLike;
  shape?: number[];
  fortranOrder?: boolean;
  /** Format version of the header. Default: numpy's choice. */
  version?: NpyVersion;
}

/**
 * Encodes typed data chunks (or `NpyChunk`s from a decoder, so decode → transform → encode pipes
 * work) into .npy bytes: first the header, then each chunk in the dtype's byte order (swapped on the
 * fly). Fails with `SHAPE_MISMATCH` as soon as more elements arrive than the shape holds, or at close
 * if fewer did. For a length unknown in advance, see `npyWritable` (it needs a seekable sink).
 *
 * @example
 * ```ts
 * const bytes = new ReadableStream({ start(c) { c.enqueue(new Float32Array([1, 2])); c.enqueue(new Float32Array([3])); c.close(); } })
 *   .pipeThrough(new NpyEncoderStream({ dtype: "<f4", shape: [3] }));
 * ```
 */
export class NpyEncoderStream extends TransformStream<NpyData | NpyChunk, Uint8Array> {
  constructor(options: NpyEncoderStreamOptions = {}) {
    if (options.shape?.some((n) => n < 0)) {
      throw new NpyError("NOT_SEEKABLE", "an unknown length (-1) needs a seekable sink: use npyWritable");
    }
    let encoder: ChunkEncoder | undefined;
    let shape: number[] = [];
    let total = 0;
    let loaded = 0;
    let totalBytes = 0; // header + data, for onProgress
    let stopAbort = () => {};

    const begin = (controller: TransformStreamDefaultController<Uint8Array>, chunk?: NpyData | NpyChunk) => {
      const from = chunk && isNpyChunk(chunk) ? chunk.header : undefined;
      const dtype = options.dtype ?? from?.dtype;
      const s = options.shape ?? from?.shape;
      if (dtype === undefined || s === undefined) {
        throw new NpyError("INVALID_ARGUMENT", "NpyEncoderStream needs { dtype, shape } or NpyChunk input");
      }
      encoder = new ChunkEncoder(toDType(dtype));
      shape = s;
      total = shapeSize(shape);
      const header = serializeHeader(
        {
          descr: encoder.dtype.descr,
          fortranOrder: options.fortranOrder ?? from?.fortranOrder ?? false,
          shape,
        },
        options.version === undefined ? {} : { version: options.version },
      );
      controller.enqueue(header);
      loaded += header.length;
      totalBytes = header.length + total * encoder.dtype.itemsize;
      return encoder;
    };

    super({
      start(controller) {
        stopAbort = onAbort(options.signal, () => controller.error(abortError(options.signal)));
        if (options.dtype !== undefined && options.shape !== undefined) begin(controller);
      },
      transform(chunk, controller) {
        try {
          const enc = encoder ?? begin(controller, chunk);
          const bytes = enc.encode(chunk);
          if (enc.elements > total) throw shapeMismatch(shape, total, enc.elements);
          if (bytes.length > 0) controller.enqueue(bytes);
          loaded += bytes.length;
          options.onProgress?.({ loaded, total: totalBytes });
        } catch (err) {
          stopAbort();
          throw err;
        }
      },
      flush(controller) {
        stopAbort();
        const enc = encoder ?? begin(controller);
        if (enc.elements !== total) throw shapeMismatch(shape, total, enc.elements);
      },
    });
  }
}
