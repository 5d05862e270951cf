import { Deflate, Inflate } from "fflate";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, concat, sizeLie } from "./zip-codec.js";

type Pair = TransformStream<Uint8Array, Uint8Array>;

/** A TransformStream over one of fflate's push-based streams (`Inflate`, `Deflate`). */
function pushStream(
  make: (ondata: (chunk: Uint8Array) => void) => { push(chunk: Uint8Array, final?: boolean): void },
  slice: number,
  onChunk: (n: number) => void = () => {},
): Pair {
  let controller!: TransformStreamDefaultController<Uint8Array>;
  const stream = make((chunk) => {
    onChunk(chunk.length);
    if (chunk.length) controller.enqueue(chunk);
  });
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      for (let i = 0; i < chunk.length; i += slice) stream.push(chunk.subarray(i, i + slice));
      if (final) stream.push(new Uint8Array(0), true);
    } catch (err) {
      throw badDeflate(err);
    }
  };
  return new TransformStream({
    start(c) {
      controller = c;
    },
    transform: (chunk) => push(chunk, false),
    flush: () => push(new Uint8Array(0), true),
  });
}

/**
 * fflate's streams and whole-buffer deflate: the engine the main entry falls back to where the
 * runtime has no native `deflate-raw`, and what `saveNpz` deflates with. Whole members inflate
 * through the stream here; {@link fflateCodec} adds fflate's one-call inflate.
 */
export const fflateStreams: ZipCodec = {
  name: "fflate",
  inflateStream(maxSize) {
    let n = 0;
    // each push may expand ~1032x: small slices bound what one push allocates before the check
    return pushStream(
      (ondata) => new Inflate(ondata),
      4096,
      (len) => {
        n += len;
        if (n > maxSize) throw sizeLie(maxSize);
      },
    );
  },
  deflateStream: (level) => pushStream((ondata) => new Deflate({ level: level as 6 }, ondata), 1 << 30),
  deflate: async (parts, level) => deflatePartsSync(parts, level),
};

/** Synchronous raw deflate of data given in pieces, without joining the input. */
export function deflatePartsSync(parts: Uint8Array[], level: number): Uint8Array {
  return concat(deflateChunksSync(parts, level));
}

/** {@link deflatePartsSync}'s output as fflate hands it over, in chunks, for a caller that joins anyway. */
export function deflateChunksSync(parts: Uint8Array[], level: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const deflater = new Deflate({ level: level as 6 }, (chunk) => out.push(chunk));
  for (const p of parts) deflater.push(p);
  deflater.push(new Uint8Array(0), true);
  return out;
}
