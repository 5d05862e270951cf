import { NpyError } from "@npyio/header";
import { abortError, onAbort, throwIfAborted } from "./abort.js";
import { type ByteSource, clampRead, type ReadOptions } from "./byte-source.js";
import { crossOriginPage, fetchFailed } from "./fetch-error.js";
import { fetchWhole } from "./fetch-whole.js";
import { type InOrderBody, inOrderBody, KEEP_HEAD } from "./in-order-body.js";
import { checkIndex } from "./stream-options.js";

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
  /** Extra `fetch` options (credentials, mode...) for every request; `headers` above add to its headers. */
  init?: RequestInit;
  /** The total size if already known; otherwise learned from the first `Content-Range`. */
  size?: number;
  /**
   * When the server ignores `Range` and answers `200` with the whole file, download it once and
   * serve every read from memory. Default `false`: reads that go on in order from near the start
   * (a header, then the data) are served from that one body as it arrives; a read out of order
   * fails with `RANGE_NOT_SUPPORTED`.
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
 * console.log(source.url, source.size, source.validator);
 * ```
 */
export interface HttpSource extends ByteSource {
  readonly url: string;
  /** The total size in bytes, once known (after the first response, or from `options.size`). */
  readonly size: number | undefined;
  /**
   * What every later read is checked against: the first strong `ETag` seen, else the first
   * `Last-Modified`; undefined until an answer carried one (or when the server sends neither).
   */
  readonly validator: string | undefined;
  /** Learns the size with a `HEAD` request if it is not known yet, and returns it. */
  fetchSize(options?: ReadOptions): Promise<number | undefined>;
  /**
   * The last `length` bytes (all of them when the file is shorter) with ONE suffix request
   * (`Range: bytes=-length`), which also tells the size: how an archive's end record is found.
   */
  readTail(length: number, options?: ReadOptions): Promise<Uint8Array>;
  /**
   * The whole file with one plain `GET`, no `Range` header: works on any server (and, in a browser,
   * on any server that allows the page's origin at all). The status is checked and the answer's
   * validator and length are checked against what earlier reads saw.
   */
  fetchAll(options?: ReadOptions): Promise<Response>;
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

/** A Content-Length that counts the bytes the body will yield (not compressed ones), or undefined. */
function lengthOf(headers: Headers): number | undefined {
  const length = headers.get("content-length");
  const encoding = headers.get("content-encoding");
  return length && /^\d+$/.test(length) && (!encoding || encoding === "identity")
    ? Number(length)
    : undefined;
}

/**
 * A {@link ByteSource} over a URL, fetching only the bytes asked for with HTTP `Range` requests. Each
 * answer must be `206` with a `Content-Range` covering the request; the total size is learned from
 * it. Reads issued in the same tick that touch or overlap are merged into one request.
 *
 * Every read is of the same version of the file: the first answer's validator (a strong `ETag`,
 * else `Last-Modified`) is sent as `If-Range` with every later request, and each answer's validator
 * and total size are compared with the first ones; a file replaced between two reads fails with
 * `SOURCE_CHANGED` instead of mixing bytes of two versions. (In a browser, a cross-origin request
 * carries no `If-Range`, which would need a CORS preflight of its own; the answers are still compared.)
 *
 * A server that ignores `Range` answers `200` with the whole file. If the read began within the
 * first 64 KiB, that body serves it and every later read that goes on in order (a header, then the
 * rows or the whole data: what a whole-file read does), downloading only what the reads reach; a
 * read out of order (or a first read further in) fails with `RANGE_NOT_SUPPORTED` and the body is
 * cancelled, unless `allowFullDownload` is set. Whole-file reads need no Range: see
 * {@link HttpSource.fetchAll}.
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
  const page = crossOriginPage(href);
  let size = options.size;
  let etag: string | undefined;
  let lastModified: string | undefined;
  // a 206 has been seen: from then on a 200 to If-Range means the file changed
  let rangesHonoured = false;
  let pending: PendingRead[] = [];
  let whole: Promise<Uint8Array> | undefined;
  // the body of a 200 that began at the start of the file, read on as reads come in order
  let inOrder: InOrderBody | undefined;

  const changed = (why: string) =>
    new NpyError(
      "SOURCE_CHANGED",
      `${href} changed while it was being read (${why}); the bytes would mix two versions of the file: read it again from the start`,
    );

  /** Checks an answer's validators and total size against the first ones seen, and remembers them. */
  const pin = (headers: Headers, total: number | undefined) => {
    const tag = headers.get("etag") ?? undefined;
    const date = headers.get("last-modified") ?? undefined;
    if (tag !== undefined && etag !== undefined && tag !== etag)
      throw changed(`ETag was ${etag}, now ${tag}`);
    if (date !== undefined && lastModified !== undefined && date !== lastModified)
      throw changed(`Last-Modified was ${lastModified}, now ${date}`);
    if (total !== undefined && size !== undefined && total !== size)
      throw changed(`its size was ${size} bytes, now ${total}`);
    etag ??= tag;
    lastModified ??= date;
    size ??= total;
  };
  // If-Range needs a strong validator: a strong ETag, else the date
  const validator = () => (etag?.startsWith('"') ? etag : lastModified);

  /** `init.headers`, then `options.headers` over them: sent with every request. */
  const baseHeaders = () => {
    const headers = new Headers(options.init?.headers);
    for (const [key, value] of new Headers(options.headers)) headers.set(key, value);
    return headers;
  };

  const request = async (method: string, signal: AbortSignal | undefined, range?: string) => {
    const headers = baseHeaders();
    let ifRange: string | undefined;
    if (range) {
      headers.set("Range", range);
      // a range of a compressed answer counts compressed bytes; browsers ask for identity themselves
      headers.set("Accept-Encoding", "identity");
      ifRange = page ? undefined : validator();
      if (ifRange) headers.set("If-Range", ifRange);
    }
    let res: Response;
    try {
      res = await f(href, {
        ...options.init,
        method,
        headers,
        signal: signal ?? options.init?.signal ?? null,
      });
    } catch (err) {
      throw await refused(err, method, range, signal);
    }
    if (res.status === 412) {
      await cancelBody(res);
      throw changed("the server answered 412 Precondition Failed");
    }
    if (!res.ok && res.status !== 416) {
      await cancelBody(res);
      throw new NpyError(
        "HTTP_ERROR",
        `${method} ${href}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}, expected 200 or 206`,
      );
    }
    if (res.status === 200 && ifRange && rangesHonoured) {
      await cancelBody(res);
      throw changed(`the server sent the whole file in answer to If-Range: ${ifRange}`);
    }
    return res;
  };

  /**
   * Why a Range request threw. A browser shows a cross-origin request that CORS blocked as a bare
   * TypeError; a plain HEAD (which needs no preflight) tells a server that refuses the Range header
   * from one that refuses the page altogether.
   */
  const refused = async (err: unknown, method: string, range: string | undefined, signal?: AbortSignal) => {
    if (page && range && err instanceof TypeError && !signal?.aborted) {
      const allowsOrigin = await f(href, { method: "HEAD", signal }).then(
        (res) => res.ok,
        () => false,
      );
      if (allowsOrigin) {
        return new NpyError(
          "RANGE_NOT_SUPPORTED",
          `${href} lets ${page} read it but refuses the Range request header (CORS), so it can only be read whole (load, loadNpz): for partial reads the server must send Access-Control-Allow-Headers: Range (and Access-Control-Expose-Headers: Content-Range)`,
          { cause: err },
        );
      }
    }
    return fetchFailed(err, method, href, signal);
  };

  const body = async (res: Response, signal: AbortSignal | undefined) => {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw fetchFailed(err, "reading", href, signal);
    }
  };

  const rangeNotSupported = (offset?: number) =>
    new NpyError(
      "RANGE_NOT_SUPPORTED",
      `${href} ignores Range requests (it answers 200, not 206), so ${offset === undefined ? "this partial read" : `reading from byte ${offset} out of order`} would download the whole file: pass { allowFullDownload: true } to fetch it whole once, or read the whole file with load or loadNpz, which need no Range`,
    );

  /** A read served from the body of a 200, in order; RANGE_NOT_SUPPORTED for one out of order. */
  const readInOrder = async (body: InOrderBody, offset: number, length: number, signal?: AbortSignal) => {
    const bytes = await body.read(offset, length, signal);
    if (body.ended !== undefined) pin(new Headers(), body.ended);
    if (bytes) return bytes;
    body.cancel();
    if (inOrder === body) inOrder = undefined;
    throw rangeNotSupported(offset);
  };

  /** A `200` to a Range request: the whole file, kept in memory if `allowFullDownload`. */
  const wholeFile = async (res: Response, signal: AbortSignal | undefined): Promise<Uint8Array> => {
    pin(res.headers, undefined);
    if (!options.allowFullDownload) {
      await cancelBody(res);
      throw rangeNotSupported();
    }
    whole ??= body(res, signal).then(
      (all) => {
        pin(new Headers(), all.length);
        return all;
      },
      (err: unknown) => {
        whole = undefined;
        throw err;
      },
    );
    return whole;
  };

  /** The body of a 206 for bytes `[offset, last]`, checked against its Content-Range. */
  const partial = async (res: Response, offset: number, last: number, signal: AbortSignal | undefined) => {
    const contentRange = res.headers.get("content-range");
    const encoding = res.headers.get("content-encoding");
    if (contentRange === null || (encoding && encoding !== "identity")) {
      await cancelBody(res);
      if (contentRange !== null) {
        throw new NpyError(
          "RANGE_NOT_SUPPORTED",
          `${href} answered a Range request with Content-Encoding: ${encoding}, so its byte ranges count compressed bytes: serve the file uncompressed for partial reads (whole-file reads with load or loadNpz work as it is)`,
        );
      }
      throw page
        ? new NpyError(
            "RANGE_NOT_SUPPORTED",
            `${href} answered a Range request but does not show its Content-Range header to ${page} (CORS): for partial reads the server must send Access-Control-Expose-Headers: Content-Range (whole-file reads with load or loadNpz work without it)`,
          )
        : new NpyError("HTTP_ERROR", `${href}: a 206 answer without a Content-Range header`);
    }
    const m = CONTENT_RANGE.exec(contentRange);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    const total = m?.[3] === "*" ? undefined : Number(m?.[3]);
    // the answer must start at or before the request and end at its end, or at the end of the file
    if (!m || from > offset || to < from || (to < last && to !== (total ?? 0) - 1)) {
      await cancelBody(res);
      throw new NpyError(
        "HTTP_ERROR",
        `${href}: Content-Range "${contentRange}" does not cover bytes=${offset}-${last}`,
      );
    }
    try {
      pin(res.headers, total);
    } catch (err) {
      await cancelBody(res);
      throw err;
    }
    rangesHonoured = true;
    const bytes = await body(res, signal);
    if (bytes.length !== to - from + 1) {
      throw new NpyError("TRUNCATED", `${href}: got ${bytes.length} of ${to - from + 1} bytes`, {
        offset: from + bytes.length,
      });
    }
    return { bytes, from };
  };

  /** A 416: the file ends before the range asked for. The read is empty; the answer may tell the size. */
  const pastEnd = async (res: Response, empty: boolean) => {
    await cancelBody(res);
    const m = UNSATISFIED_RANGE.exec(res.headers.get("content-range") ?? "");
    // a suffix range is unsatisfiable only on an empty file
    pin(res.headers, m ? Number(m[1]) : empty ? 0 : undefined);
    return new Uint8Array(0);
  };

  const fetchRange = async (offset: number, length: number, signal: AbortSignal): Promise<Uint8Array> => {
    const last = offset + length - 1;
    const res = await request("GET", signal, `bytes=${offset}-${last}`);
    if (res.status === 416) return pastEnd(res, false);
    if (res.status !== 206 && !options.allowFullDownload && offset <= KEEP_HEAD && res.body) {
      // reads that go on in order from near the start (a header, then the data) need no Range
      try {
        pin(res.headers, lengthOf(res.headers));
      } catch (err) {
        await cancelBody(res);
        throw err;
      }
      inOrder?.cancel();
      inOrder = inOrderBody(res.body, (err) => fetchFailed(err, "reading", href, undefined));
      return readInOrder(inOrder, offset, length, signal);
    }
    if (res.status !== 206) return (await wholeFile(res, signal)).slice(offset, offset + length);
    const { bytes, from } = await partial(res, offset, last, signal);
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
    get validator() {
      return validator();
    },
    async fetchSize(readOptions = {}) {
      if (size === undefined) {
        const res = await request("HEAD", readOptions.signal);
        if (res.ok) pin(res.headers, lengthOf(res.headers));
      }
      return size;
    },
    async readTail(length, readOptions = {}) {
      const { signal } = readOptions;
      throwIfAborted(signal);
      checkIndex(length, "length");
      if (length === 0) return new Uint8Array(0);
      if (size !== undefined || whole) {
        const all = whole ? (await whole).length : size!;
        return this.read(Math.max(0, all - length), Math.min(length, all), readOptions);
      }
      const res = await request("GET", signal, `bytes=-${length}`);
      if (res.status === 416) return pastEnd(res, true);
      if (res.status !== 206) return (await wholeFile(res, signal)).slice(-length);
      const contentRange = res.headers.get("content-range") ?? "";
      const m = CONTENT_RANGE.exec(contentRange);
      const total = Number(m?.[3]);
      if (!Number.isSafeInteger(total) && contentRange) {
        await cancelBody(res);
        throw new NpyError("HTTP_ERROR", `${href}: Content-Range "${contentRange}" gives no total size`);
      }
      // the answer must end at the end of the file: that is what a suffix range asks for
      const want = Math.min(length, total);
      if (m && (Number(m[1]) > total - want || Number(m[2]) !== total - 1)) {
        // a server that misreads the suffix (sirv, Vite's dev server, answers bytes 0..n-1): the
        // total it gave is enough to ask for the tail by its offsets
        await cancelBody(res);
        pin(res.headers, total);
        rangesHonoured = true;
        return this.read(total - want, want, readOptions);
      }
      const { bytes, from } = await partial(res, total - want, total - 1, signal);
      return bytes.subarray(total - want - from);
    },
    async fetchAll(readOptions = {}) {
      const { signal } = readOptions;
      throwIfAborted(signal);
      if (whole) return new Response((await whole) as Uint8Array<ArrayBuffer>);
      const res = await fetchWhole(href, {
        fetch: f,
        init: { ...options.init, headers: baseHeaders() },
        signal,
      });
      try {
        pin(res.headers, lengthOf(res.headers));
      } catch (err) {
        await cancelBody(res);
        throw err;
      }
      return res;
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
      if (inOrder) return readInOrder(inOrder, offset, length, readOptions.signal);
      return new Promise<Uint8Array>((resolve, reject) => {
        if (pending.push({ offset, length, signal: readOptions.signal, resolve, reject }) === 1)
          queueMicrotask(flush);
      });
    },
  };
}
