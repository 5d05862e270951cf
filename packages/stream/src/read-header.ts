import { headerByteLength, NpyError } from "@npyio/header";
import type { ByteSource } from "./byte-source.js";
import { parseStreamHeader } from "./header-collector.js";
import type { NpyStreamHeader } from "./npy-chunk.js";
import type { LimitOptions, StreamOptions } from "./stream-options.js";

/**
 * Options of {@link readHeader}.
 *
 * @example
 * ```ts
 * const header = await readHeader(source, { probe: 256, maxHeaderSize: 10_000 });
 * ```
 */
export interface ReadHeaderOptions extends StreamOptions, Pick<LimitOptions, "maxHeaderSize"> {
  /** Bytes of the first read, enough for nearly every header. Default 1024. */
  probe?: number;
  /**
   * An object array's header gives dtype `|O` instead of failing with `OBJECT_DTYPE` (its data is a
   * pickle, read by `readNpy` with the same option). Default `false`.
   */
  allowPickle?: boolean;
}

/**
 * Reads and parses the header of a .npy file from a {@link ByteSource}: one small read, and a second
 * only when the header is longer than the first read.
 *
 * @example
 * ```ts
 * const { shape, dtype, dataOffset } = await readHeader(httpSource(url));
 * ```
 */
export async function readHeader(
  source: ByteSource,
  options: ReadHeaderOptions = {},
): Promise<NpyStreamHeader> {
  const { signal, maxHeaderSize } = options;
  const limits = maxHeaderSize === undefined ? {} : { maxHeaderSize };
  const first = await source.read(0, options.probe ?? 1024, { signal });
  const length = headerByteLength(first, limits);
  if (length === undefined) throw shortHeader(first.length, undefined);
  let bytes = first;
  if (length > first.length) {
    const rest = await source.read(first.length, length - first.length, { signal });
    bytes = new Uint8Array(first.length + rest.length);
    bytes.set(first);
    bytes.set(rest, first.length);
    if (bytes.length < length) throw shortHeader(bytes.length, length);
  }
  options.onProgress?.({ loaded: length, total: source.size });
  return parseStreamHeader(bytes.subarray(0, length), maxHeaderSize, options.allowPickle);
}

function shortHeader(got: number, want: number | undefined): NpyError {
  return new NpyError(
    "TRUNCATED",
    `the source ends after ${got} bytes, inside ${want ? `a ${want}-byte` : "a .npy"} header`,
    {
      offset: got,
    },
  );
}
