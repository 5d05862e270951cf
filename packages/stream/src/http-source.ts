import { NpyError } from "@npyio/header";
import { abortError, onAbort, throwIfAborted, toNpyError } from "./abort.js";
import { type ByteSource, clampRead, type ReadOptions } from "./byte-source.js";

/**
 * Options of {@link httpSource}.
 *
 * @example
 * ```ts
 * const source = httpSource(url, { headers: { authorization: `Bearer ${token}` }, coalesceGap: 4096 });
 * ```
 */
export interface HttpSourceOptions {
  /** The `fetch` to use (a polyfill, or one that adds auth). Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra request headers, sent with every request. */
  headers?: HeadersInit;
  /** The total size if already known; otherwise learned from the first `Content-Range`. */
  size?: number;
  /**
   * When the server ignores `Range` and answers `200` with the whole file, download it once and
   * serve every read from memory. Default `false`: such a server fails with `RANGE_NOT_SUPPORTED`.
   */
  allowFullDownload?: boolean;
  /** Merge reads issued together whose byte ranges are closer than this. Default 0 (only adjacent). */
  coalesceGap?: number;
}

/**
 * A {@link ByteSource} over HTTP, as {@link httpSource} returns.
 *
 * @example
 * ```ts
 * const source = httpSource("https://example.org/big.npy");
 * await source.fetchSize(); // one HEAD request, if no read has told the size yet
 * console.log(source.url, source.size);
 * ```
 */
export interface HttpSource extends ByteSource {
  readonly url: string;
  /** The total size in bytes, once known (after the first response, or from `options.size`). */
  readonly size: number | undefined;
  /** Learns the size with a `HEAD` request if it is not known yet, and returns it. */
  fetchSize(options?: ReadOptions): Promise<number | undefined>;
}

interface PendingRead {
  offset: number;
  length: number;
  signal: AbortSignal | undefined;
  resolve(bytes: Uint8Array): void;
  reject(err: unknown): void;
}

const CONTENT_RANGE = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i;
const UNSATISFIED_RANGE = /^bytes\s+\*\/(\d+)$/i;

const cancelBody = (res: Response) => res.body?.cancel().catch(() => {});

/**
 * A {@link ByteSource} over a URL, fetching only the bytes asked for with HTTP `Range` requests. Each
 * answer must be `206` with a `Content-Range` covering the request; the total size is learned from
 * it. Reads issued in the same tick that touch or overlap are merged into one request. A server that
 * ignores `Range` (answers `200`) fails with `RANGE_NOT_SUPPORTED`, and its body is cancelled, unless
 * `allowFullDownload` is set.
 *
 * @example
 * ```ts
 * const rows = await readRows(httpSource("https://example.org/big.npy"), 1000, 1010);
 * ```
 */
export function httpSource(url: string | URL, options: HttpSourceOptions = {}): HttpSource {
  const href = String(url);
  const f = options.fetch ?? globalThis.fetch;
  if (typeof f !== "function")
    throw new NpyError("INVALID_ARGUMENT", "no fetch available: pass options.fetch");
  let size = options.size;
  let pending: PendingRead[] = [];
  let whole: Promise<Uint8Array> | undefined;

  const request = async (method: string, signal: AbortSignal | undefined, range?: string) => {
    const headers = new Headers(options.headers);
    if (range) headers.set("Range", range);
    let res: Response;
    try {
      res = await f(href, { method, headers, signal });
    } catch (err) {
      throw toNpyError(err, "HTTP_ERROR", `${method} ${href}`, signal);
    }
    if (!res.ok && res.status !== 416) {
      await cancelBody(res);
      throw new NpyError("HTTP_ERROR", `${method} ${href}: HTTP ${res.status}, expected 200 or 206`);
    }
    return res;
  };

  const body = async (res: Response, signal: AbortSignal) => {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw toNpyError(err, "HTTP_ERROR", `reading ${href}`, signal);
    }
  };

  const fetchRange = async (offset: number, length: number, signal: AbortSignal): Promise<Uint8Array> => {
    const last = offset + length - 1;
    const res = await request("GET", signal, `bytes=${offset}-${last}`);
    const contentRange = res.headers.get("content-range") ?? "";
    if (res.status === 416) {
      // asked past the end: the answer tells the size, the read is empty
      const m = UNSATISFIED_RANGE.exec(contentRange);
      if (m) size = Number(m[1]);
      return new Uint8Array(0);
    }
    if (res.status !== 206) {
      if (!options.allowFullDownload) {
        await cancelBody(res);
        throw new NpyError(
          "RANGE_NOT_SUPPORTED",
          `${href} ignores Range requests (HTTP ${res.status}, not 206); pass { allowFullDownload: true } to fetch it whole`,
        );
      }
      whole ??= body(res, signal).then(
        (all) => {
          size = all.length;
          return all;
        },
        (err: unknown) => {
          whole = undefined;
          throw err;
        },
      );
      return (await whole).slice(offset, offset + length);
    }
    const m = CONTENT_RANGE.exec(contentRange);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    // the answer must start at or before the request and end at its end, or at the end of the file
    if (!m || from > offset || (to < last && to !== Number(m[3]) - 1)) {
      await cancelBody(res);
      throw new NpyError(
        "HTTP_ERROR",
        `${href}: Content-Range "${contentRange}" does not cover bytes=${offset}-${last}`,
      );
    }
    if (m[3] !== "*") size = Number(m[3]);
    const bytes = await body(res, signal);
    if (bytes.length !== to - from + 1) {
      throw new NpyError("TRUNCATED", `${href}: got ${bytes.length} of ${to - from + 1} bytes`, {
        offset: from + bytes.length,
      });
    }
    return bytes.subarray(offset - from, offset - from + length);
  };

  const fetchGroup = async (group: PendingRead[]) => {
    // the request is cancelled only when every read waiting on it has been aborted
    const controller = new AbortController();
    let live = group.length;
    const unsubscribe = group.map((read) =>
      onAbort(read.signal, () => {
        read.reject(abortError(read.signal));
        if (--live === 0) controller.abort(read.signal?.reason);
      }),
    );
    const start = group[0]!.offset;
    const end = Math.max(...group.map((r) => r.offset + r.length));
    try {
      const bytes = await fetchRange(start, end - start, controller.signal);
      for (const r of group) r.resolve(bytes.slice(r.offset - start, r.offset - start + r.length));
    } catch (err) {
      for (const r of group) r.reject(err);
    } finally {
      for (const off of unsubscribe) off();
    }
  };

  /** Sends the reads queued in this tick, merging those that touch into one request each. */
  const flush = () => {
    const reads = pending.sort((a, b) => a.offset - b.offset);
    pending = [];
    const gap = options.coalesceGap ?? 0;
    let group: PendingRead[] = [];
    let groupEnd = 0;
    for (const read of reads) {
      if (group.length > 0 && read.offset > groupEnd + gap) {
        void fetchGroup(group);
        group = [];
      }
      groupEnd =
        group.push(read) === 1 ? read.offset + read.length : Math.max(groupEnd, read.offset + read.length);
    }
    if (group.length > 0) void fetchGroup(group);
  };

  return {
    url: href,
    get size() {
      return size;
    },
    async fetchSize(readOptions = {}) {
      if (size === undefined) {
        const res = await request("HEAD", readOptions.signal);
        const length = res.headers.get("content-length");
        if (res.ok && length && /^\d+$/.test(length) && !res.headers.get("content-encoding"))
          size = Number(length);
      }
      return size;
    },
    read(offset, length, readOptions = {}) {
      try {
        throwIfAborted(readOptions.signal);
        length = clampRead(offset, length, size);
      } catch (err) {
        return Promise.reject(err);
      }
      if (length === 0) return Promise.resolve(new Uint8Array(0));
      if (whole) return whole.then((all) => all.slice(offset, offset + length));
      return new Promise<Uint8Array>((resolve, reject) => {
        if (pending.push({ offset, length, signal: readOptions.signal, resolve, reject }) === 1)
          queueMicrotask(flush);
      });
    },
  };
}
