import type { ByteSource } from "@npyio/stream";
import { blobSource, bytesSource } from "@npyio/stream";
import { httpSource } from "@npyio/stream/http";
import { fail } from "./zip-error.js";

/**
 * What {@link NpzReader.open} reads: a ByteSource, bytes, a Blob, or a URL (an http(s) URL string or
 * `URL`, read with Range requests; in Node, also a file path or `file:` URL).
 *
 * @example
 * ```ts
 * const inputs: NpzInput[] = [bytes, blob, httpSource(url), "https://example.org/a.npz", new URL(url)];
 * ```
 */
export type NpzInput = ByteSource | ArrayBuffer | ArrayBufferView | Blob | string | URL;

/**
 * How a URL given to `NpzReader.open` (or `load`, `loadNpz`) is fetched.
 *
 * @example
 * ```ts
 * const npz = await NpzReader.open("https://example.org/a.npz", { allowFullDownload: true, fetch: myFetch });
 * ```
 */
export interface UrlOptions {
  /** The `fetch` for a URL. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /**
   * For a URL on a server that ignores `Range`: download the archive once and read it from memory,
   * instead of failing with `RANGE_NOT_SUPPORTED`. Default `false`.
   */
  allowFullDownload?: boolean;
}

/** Bytes, a Blob, a ByteSource or a URL, as a ByteSource. */
export function toByteSource(input: NpzInput, options: UrlOptions = {}): ByteSource {
  if (typeof input === "string" || input instanceof URL) {
    return httpSource(input, {
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.allowFullDownload && { allowFullDownload: true }),
    });
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return bytesSource(input);
  if (typeof Blob !== "undefined" && input instanceof Blob) return blobSource(input);
  if (typeof input === "object" && input !== null && typeof (input as ByteSource).read === "function") {
    return input as ByteSource;
  }
  return fail("expected a ByteSource, bytes, a Blob or a URL", undefined, "INVALID_ARGUMENT");
}
