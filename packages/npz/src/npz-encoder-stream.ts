import type { NpyArray } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import type { NpzMemberOptions, NpzWriterOptions } from "./npz-writer.js";
import { NpzWriter } from "./npz-writer.js";

/**
 * What an {@link NpzEncoderStream} accepts: an array, a stream of .npy bytes, or a raw member.
 *
 * @example
 * ```ts
 * const w = new NpzEncoderStream().writable.getWriter();
 * w.write({ key: "x", array: x, compress: true }); // an array
 * w.write({ key: "y", stream: npyBytes }); // .npy bytes as they come
 * w.write({ name: "meta.json", bytes: new TextEncoder().encode("{}") }); // any other file
 * ```
 */
export type NpzEncoderInput = NpzMemberOptions &
  (
    | { key: string; array: NpyArray }
    | { key: string; stream: ReadableStream<Uint8Array> }
    | { name: string; bytes: Uint8Array }
  );

/**
 * Members in, archive bytes out: the stream form of {@link NpzWriter}. Each written item becomes
 * one member, in order; closing the writable side writes the central directory.
 *
 * @example
 * ```ts
 * const enc = new NpzEncoderStream({ compress: true });
 * const w = enc.writable.getWriter();
 * w.write({ key: "a", array: a });
 * w.write({ key: "b", stream: rows.pipeThrough(new NpyEncoderStream({ dtype: "<f4", shape: [n, 3] })) });
 * w.close();
 * await enc.readable.pipeTo(destination);
 * ```
 */
export class NpzEncoderStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<NpzEncoderInput>;

  constructor(options: NpzWriterOptions = {}) {
    const writer = new NpzWriter(options);
    this.readable = writer.readable;
    this.writable = new WritableStream<NpzEncoderInput>({
      write(item) {
        if ("array" in item) return writer.add(item.key, item.array, item);
        if ("stream" in item) return writer.addStream(item.key, item.stream, item);
        if ("bytes" in item) return writer.addBytes(item.name, item.bytes, item);
        throw new NpyError("INVALID_ARGUMENT", "expected { key, array }, { key, stream } or { name, bytes }");
      },
      close: () => writer.close(),
      abort: (reason) => writer.abort(reason),
    });
  }
}
