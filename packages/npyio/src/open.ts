import { NpyError } from "@npyio/header";
import { type ByteSource, blobSource, bytesSource } from "@npyio/stream";
import { httpSource } from "@npyio/stream/http";
import { type NpyReader, type OpenNpyOptions, openNpy } from "@npyio/stream/slice";
import { randomAccess } from "./load-npz.js";

/**
 * Everything {@link open} reads from: any `ByteSource`, bytes, a `Blob`/`File`, or a URL (read with
 * HTTP Range requests); in Node (the `node` export condition of `npyio`), also a file path or a
 * `file:` URL.
 *
 * @example
 * ```ts
 * const sources: OpenSource[] = [bytes, file, "https://example.org/a.npy", httpSource(url, { headers })];
 * ```
 */
export type OpenSource = ByteSource | Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string | URL;

/**
 * Options of {@link open}: those of `openNpy` (header limits, and the defaults of every slice:
 * `coalesceGap`, `concurrency`, `maxBytes`, `maxRequests`), and the `fetch` for a URL.
 *
 * @example
 * ```ts
 * const a = await open(url, { coalesceGap: 64 << 10, concurrency: 4, signal: AbortSignal.timeout(5000) });
 * ```
 */
export interface OpenOptions extends OpenNpyOptions {
  /** The `fetch` used for a URL source. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
}

const isByteSource = (value: unknown): value is ByteSource =>
  typeof value === "object" && value !== null && typeof (value as ByteSource).read === "function";

/**
 * Opens a `.npy` file without loading it, like numpy's `np.load(path, mmap_mode="r")`: one small
 * read for the header, then `slice(...)` takes numpy's basic indexing (`a.slice("1000:2000, ::4")`,
 * `a.slice(null, 7)` for `a[:, 7]`) and reads only the bytes the slice touches, by HTTP Range
 * requests for a URL. See `openNpy` in `@npyio/stream` for the reader; for a member of an
 * uncompressed `.npz`, `openMember(reader, name)`.
 *
 * @example
 * ```ts
 * const a = await open("https://example.org/big.npy");
 * console.log(a.shape, a.dtype.descr); // [16384, 16384] "<f4"
 * const column = await a.slice(null, 7); // a[:, 7], as a 16384-element Float32Array
 * ```
 */
export async function open(source: OpenSource, options: OpenOptions = {}): Promise<NpyReader> {
  if (isByteSource(source)) return openNpy(source, options);
  if (typeof source === "string" || source instanceof URL) {
    return openNpy(httpSource(source, options.fetch ? { fetch: options.fetch } : {}), options);
  }
  const input = randomAccess(source);
  if (input instanceof Uint8Array) return openNpy(bytesSource(input), options);
  if (typeof Blob !== "undefined" && input instanceof Blob) return openNpy(blobSource(input), options);
  throw new NpyError(
    "INVALID_ARGUMENT",
    "open needs random access: a ByteSource, bytes, a Blob or a URL; read a Response or a stream whole with load",
  );
}
