import type { NpyArray } from "@npyio/dtype";
import { MAGIC, NpyError } from "@npyio/header";
import type { ZipCodec } from "@npyio/npz";
import { abortable, onAbort, type ReadNpyOptions, readNpy, throwIfAborted } from "@npyio/stream";
import {
  fetchWhole,
  type LoadNpzOptions,
  type LoadSource,
  randomAccess,
  readArchive,
  streamOf,
} from "./load-npz.js";

/**
 * Options of {@link load}: those of `readNpy` (signal, progress, limits, fetch), and the limits of
 * an archive (`maxHeaderSize` applies to its members too).
 *
 * @example
 * ```ts
 * const a = await load(url, { onProgress: ({ loaded, total }) => console.log(loaded, total), maxBytes: 1 << 30 });
 * ```
 */
export interface LoadOptions
  extends ReadNpyOptions,
    Pick<LoadNpzOptions, "maxTotalBytes" | "maxMembers" | "maxRatio" | "allowFullDownload"> {}

type Kind = "npy" | "npz";

/** Which format `prefix` starts: BAD_MAGIC when it is neither. */
export function kindOf(prefix: Uint8Array, what: string): Kind {
  if (MAGIC.every((b, i) => prefix[i] === b)) return "npy";
  if (prefix[0] === 0x50 && prefix[1] === 0x4b) return "npz";
  const found = Array.from(prefix.subarray(0, 6), (b) => b.toString(16).padStart(2, "0")).join(" ");
  throw new NpyError(
    "BAD_MAGIC",
    `expected a .npy file (93 4e 55 4d 50 59, "\\x93NUMPY") or an .npz archive ("PK"), found ${found || "no bytes"} at the start of ${what}`,
    { offset: 0 },
  );
}

/** Reads the first bytes of a stream and gives back a stream that still yields them. */
async function peek(
  stream: ReadableStream<Uint8Array>,
  want: number,
  signal: AbortSignal | undefined,
): Promise<[Uint8Array, ReadableStream<Uint8Array>]> {
  const reader = stream.getReader();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  // a stalled stream cannot hold the abort back; the stream is cancelled with it
  const stop = onAbort(signal, () => void reader.cancel(signal?.reason).catch(() => {}));
  try {
    while (length < want) {
      const next = await abortable(reader.read(), signal);
      // the abort cancels the reader too, which ends a pending read as "done"
      throwIfAborted(signal);
      if (next.done) {
        done = true;
        break;
      }
      seen.push(next.value);
      length += next.value.length;
    }
  } finally {
    stop();
  }
  const prefix = new Uint8Array(length);
  let at = 0;
  for (const part of seen) {
    prefix.set(part, at);
    at += part.length;
  }
  const again = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of seen) controller.enqueue(part);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return [prefix, again];
}

/**
 * Reads a `.npy` file or an `.npz` archive from anything that holds one, telling them apart by
 * their first bytes: an `NpyArray` for `.npy`, a `Map` of name → `NpyArray` for `.npz`. A URL is
 * read with one plain `GET` (no `Range`, so any server will do) and streamed: a `.npy` straight
 * into the array, an `.npz` member by member. In Node, a file path or `file:` URL is read from disk.
 *
 * @example
 * ```ts
 * const a = await load(await fetch("/data/image.npy"));
 * if (!(a instanceof Map)) console.log(a.shape, a.dtype.descr);
 * ```
 */
export async function load(
  source: LoadSource,
  options: LoadOptions = {},
): Promise<NpyArray | Map<string, NpyArray>> {
  return loadWith(source, options);
}

/** {@link load} with a deflate engine of choice (the `node` build passes node:zlib). */
export async function loadWith(
  source: LoadSource,
  options: LoadOptions,
  codec?: ZipCodec,
): Promise<NpyArray | Map<string, NpyArray>> {
  const { signal } = options;
  throwIfAborted(signal);
  const what = typeof source === "string" || source instanceof URL ? String(source) : "the stream";
  if (typeof source === "string" || source instanceof URL) source = await fetchWhole(source, options);
  const seekable = randomAccess(source);
  if (seekable === undefined) {
    const [prefix, stream] = await peek(streamOf(source), 6, signal);
    if (kindOf(prefix, what) === "npz") return readArchive(stream, options, codec);
    // a Response keeps its headers, so readNpy sizes the array's buffer from its Content-Length
    const headers =
      typeof Response !== "undefined" && source instanceof Response ? source.headers : undefined;
    return readNpy(headers ? new Response(stream, { headers }) : stream, options);
  }
  const kind =
    seekable instanceof Uint8Array
      ? kindOf(seekable, "the bytes")
      : kindOf(new Uint8Array(await abortable(seekable.slice(0, 6).arrayBuffer(), signal)), "the blob");
  return kind === "npz" ? readArchive(seekable, options, codec) : readNpy(seekable, options);
}
