import { fflateCodec } from "./fflate-codec.js";
import type { ZipCodec } from "./zip-codec.js";
import { collectExactly, DEFAULT_LEVEL, limitReadable, transformWhole } from "./zip-codec.js";

function supports(ctor: typeof CompressionStream | typeof DecompressionStream | undefined): boolean {
  if (typeof ctor !== "function") return false;
  try {
    // Safari before 16.4 has the classes without "deflate-raw"
    new ctor("deflate-raw");
    return true;
  } catch {
    return false;
  }
}

type Pair = TransformStream<Uint8Array, Uint8Array>;

let chosen: ZipCodec | undefined;

/**
 * The engine the main entry uses: native `DecompressionStream`/`CompressionStream("deflate-raw")`
 * where the runtime has them (browsers, Deno, Bun, Node), fflate otherwise. The native compressor
 * has no level setting, so any level but the default goes to fflate.
 */
export function defaultCodec(): ZipCodec {
  if (chosen) return chosen;
  const nativeInflate = supports(globalThis.DecompressionStream);
  const nativeDeflate = supports(globalThis.CompressionStream);
  const inflater = () => new DecompressionStream("deflate-raw") as unknown as Pair;
  const deflater = () => new CompressionStream("deflate-raw") as unknown as Pair;
  chosen = {
    name: nativeInflate ? "web" : "fflate",
    inflate: nativeInflate
      ? async (data, size) => {
          const ds = inflater();
          const writer = ds.writable.getWriter();
          writer.write(data).catch(() => {});
          writer.close().catch(() => {});
          return collectExactly(ds.readable, size);
        }
      : fflateCodec.inflate,
    inflateStream: nativeInflate
      ? (maxSize) => {
          const ds = inflater();
          return { writable: ds.writable, readable: limitReadable(ds.readable, maxSize) } as Pair;
        }
      : fflateCodec.inflateStream,
    deflate: (data, level) =>
      nativeDeflate && level === DEFAULT_LEVEL
        ? transformWhole(deflater(), data)
        : fflateCodec.deflate(data, level),
    deflateStream: (level) =>
      nativeDeflate && level === DEFAULT_LEVEL ? deflater() : fflateCodec.deflateStream(level),
  };
  return chosen;
}
