import type { NpyArray } from "@npyio/dtype";
import type { AllowPickleOptions } from "@npyio/dtype/pickle";
import { NpyError } from "@npyio/header";
import { NpzReader, type UrlOptions, type ZipCodec } from "@npyio/npz";
import { readNpzStream } from "@npyio/npz/stream";
import { type ByteSource, type StreamOptions, throwIfAborted } from "@npyio/stream";
import { httpSource } from "@npyio/stream/http";

/**
 * Everything {@link load} and {@link loadNpz} read from.
 *
 * @example
 * ```ts
 * const sources: LoadSource[] = [bytes, blob, await fetch(url), "https://example.org/a.npy", new URL(url)];
 * ```
 *
 * A URL is read with one plain `GET` (no `Range`: any server will do). In Node (the `node` export
 * condition), a string without a URL scheme is a file path, and a `file:` URL a file.
 */
export type LoadSource =
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | Response
  | ReadableStream<Uint8Array>
  | string
  | URL;

/**
 * Options of {@link loadNpz}.
 *
 * @example
 * ```ts
 * const arrays = await loadNpz("https://example.org/data.npz", { signal: AbortSignal.timeout(10_000) });
 * ```
 */
export interface LoadNpzOptions extends UrlOptions, StreamOptions, AllowPickleOptions {
  /**
   * Aborts with `ABORTED` wherever the read is (a request, a stalled stream, a member's inflate).
   * `onProgress({ loaded, total })` reports the compressed bytes of the members read (`total`:
   * their sum) from bytes or a Blob, or the bytes of the stream read (`total` unknown) from a URL,
   * a Response or a stream.
   */
  signal?: AbortSignal | undefined;
  /** Most uncompressed bytes over all members (LIMIT_EXCEEDED past it). Default: no limit. */
  maxTotalBytes?: number;
  /** Most members in the archive (LIMIT_EXCEEDED past it). Default: 1,048,560 (65535 × 16). */
  maxMembers?: number;
  /** Largest uncompressed : compressed size of a member (LIMIT_EXCEEDED past it). Default: 1032. */
  maxRatio?: number;
  /** Longest .npy header of a member, in characters (HEADER_TOO_LARGE past it). Default: 10000. */
  maxHeaderSize?: number;
}

const LIMITS = [
  "maxTotalBytes",
  "maxMembers",
  "maxRatio",
  "maxHeaderSize",
  // object arrays (read only with allowPickle) and the bounds of their pickles
  "allowPickle",
  "pickleGlobals",
  "maxElements",
  "maxDepth",
  "maxStack",
  "maxMemo",
] as const;

function arraysOnly(map: Map<string, NpyArray | Uint8Array>): Map<string, NpyArray> {
  const out = new Map<string, NpyArray>();
  // members that are not .npy files (numpy hands them back as bytes) are left out
  for (const [key, value] of map) if (!(value instanceof Uint8Array)) out.set(key, value);
  return out;
}

/**
 * A URL's whole file with one plain GET: no `Range`, so any server (and in a browser, any server
 * that lets the page read it at all) will do; `allowFullDownload` is never needed.
 */
export function fetchWhole(
  url: string | URL,
  options: Pick<LoadNpzOptions, "fetch" | "signal"> & { init?: RequestInit | undefined },
): Promise<Response> {
  const http = httpSource(url, {
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.init && { init: options.init }),
  });
  return http.fetchAll({ signal: options.signal ?? options.init?.signal ?? undefined });
}

/** Random-access input for an archive (bytes or a Blob), or undefined for a one-pass stream. */
export function randomAccess(source: LoadSource): Blob | Uint8Array | undefined {
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof Blob !== "undefined" && source instanceof Blob) return source;
  return undefined;
}

/** The body of a Response or a stream, as one stream. */
export function streamOf(source: LoadSource): ReadableStream<Uint8Array> {
  if (typeof Response !== "undefined" && source instanceof Response) {
    if (!source.ok) {
      throw new NpyError(
        "HTTP_ERROR",
        `the response has status ${source.status} ${source.statusText}; expected 200`,
      );
    }
    if (!source.body) return new ReadableStream({ start: (c) => c.close() });
    return source.body;
  }
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) return source;
  throw new NpyError(
    "INVALID_ARGUMENT",
    "expected bytes, an ArrayBuffer, a Blob, a Response, a ReadableStream or a URL",
  );
}

/**
 * Reads every array of an `.npz` archive, as numpy's `dict(np.load(f))`. Bytes and Blobs are read
 * through the zip's central directory; a URL (one plain GET, no Range needed), a Response or a
 * stream in one pass, within `maxTotalBytes`. In Node, a file path or `file:` URL is read through a
 * file ByteSource. Members that are not `.npy` files are left out (read them with
 * `NpzReader.bytes`).
 *
 * @example
 * ```ts
 * const arrays = await loadNpz("https://example.org/weights.npz");
 * arrays.get("w")?.shape;
 * ```
 */
export async function loadNpz(
  source: LoadSource,
  options: LoadNpzOptions = {},
): Promise<Map<string, NpyArray>> {
  return loadNpzWith(source, options);
}

/** {@link loadNpz} with a deflate engine of choice (the `node` build passes node:zlib). */
export async function loadNpzWith(
  source: LoadSource,
  options: LoadNpzOptions,
  codec?: ZipCodec,
): Promise<Map<string, NpyArray>> {
  if (typeof source === "string" || source instanceof URL) source = await fetchWhole(source, options);
  return readArchive(randomAccess(source) ?? streamOf(source), options, codec);
}

/**
 * The arrays of an archive from random-access input or a one-pass stream, within `given`'s limits;
 * `codec` overrides the deflate engine (`npyio/node` passes native zlib).
 */
export async function readArchive(
  input: ByteSource | Blob | Uint8Array | ReadableStream<Uint8Array>,
  given: LoadNpzOptions,
  codec?: ZipCodec,
): Promise<Map<string, NpyArray>> {
  // only what the archive readers take, and only what was given
  const options: Pick<LoadNpzOptions, "signal" | (typeof LIMITS)[number]> & { codec?: ZipCodec } = {};
  const { signal, onProgress } = given;
  throwIfAborted(signal);
  if (codec !== undefined) options.codec = codec;
  if (signal !== undefined) options.signal = signal;
  for (const key of LIMITS)
    if (given[key] !== undefined) (options as Record<string, unknown>)[key] = given[key];
  if (typeof ReadableStream !== "undefined" && input instanceof ReadableStream) {
    return arraysOnly(await readNpzStream(input, { ...options, onProgress }));
  }
  const npz = await NpzReader.open(input as ByteSource | Blob | Uint8Array, options);
  return arraysOnly(await npz.toMap({ signal, onProgress }));
}
