import { fflateStreams } from "./fflate-streams.js";
import type { ZipCodec } from "./zip-codec.js";
import { DEFAULT_LEVEL, limitReadable } from "./zip-codec.js";

type Pair = TransformStream<Uint8Array, Uint8Array>;

/** A native `deflate-raw` stream, or undefined where the runtime lacks it (Safari before 16.4). */
function native(
  ctor: typeof CompressionStream | typeof DecompressionStream | undefined,
): (() => Pair) | undefined {
  try {
    new ctor!("deflate-raw");
    return () => new ctor!("deflate-raw") as unknown as Pair;
  } catch {
    return undefined;
  }
}

let chosen: ZipCodec | undefined;

/**
 * The engine the main entry uses: native `DecompressionStream`/`CompressionStream("deflate-raw")`
 * where the runtime has them (browsers, Deno, Bun, Node), fflate otherwise. The native compressor
 * has no level setting, so any level but the default goes to fflate.
 *
 * @example
 * ```ts
 * defaultCodec().name; // "web" where CompressionStream("deflate-raw") exists, else "fflate"
 * ```
 */
export function defaultCodec(): ZipCodec {
  if (chosen) return chosen;
  const inflater = native(globalThis.DecompressionStream);
  const deflater = native(globalThis.CompressionStream);
  chosen = inflater
    ? {
        name: "web",
        inflateStream(maxSize) {
          const ds = inflater();
          return { writable: ds.writable, readable: limitReadable(ds.readable, maxSize) } as Pair;
        },
        deflateStream: (level) =>
          deflater && level === DEFAULT_LEVEL ? deflater() : fflateStreams.deflateStream(level),
      }
    : fflateStreams;
  return chosen;
}
