import { parseDescr } from "@npyio/dtype";
import { withByteOrder } from "@npyio/dtype/cast";
import { NpyError } from "@npyio/header";
import type { NpyChunk } from "./npy-chunk.js";

/**
 * A byte order to write: little-endian, big-endian, or this machine's.
 *
 * @example
 * ```ts
 * body.pipeThrough(new NpyDecoderStream()).pipeThrough(byteOrderStream(">")).pipeThrough(new NpyEncoderStream());
 * ```
 */
export type ByteOrderChoice = "<" | ">" | "native";

/**
 * A `TransformStream` of `NpyChunk`s that sets the byte order an `NpyEncoderStream` after it will
 * write. Decoded data is always in native order, so only the chunks' dtype changes.
 *
 * @example
 * ```ts
 * // rewrite a big-endian file as little-endian
 * bytes.pipeThrough(new NpyDecoderStream()).pipeThrough(byteOrderStream("<")).pipeThrough(new NpyEncoderStream())
 * ```
 */
export function byteOrderStream(order: ByteOrderChoice): TransformStream<NpyChunk, NpyChunk> {
  if (order !== "<" && order !== ">" && order !== "native") {
    throw new NpyError("INVALID_ARGUMENT", `byte order must be "<", ">" or "native", got ${String(order)}`);
  }
  const to = order === "native" ? "=" : order;
  let from: unknown;
  let header: NpyChunk["header"] | undefined;
  return new TransformStream<NpyChunk, NpyChunk>({
    transform(chunk, controller) {
      if (from !== chunk.header) {
        const descr = withByteOrder(chunk.header.dtype.descr, to);
        header = { ...chunk.header, descr, dtype: parseDescr(descr) };
        from = chunk.header;
      }
      controller.enqueue({ ...chunk, header: header! });
    },
  });
}
