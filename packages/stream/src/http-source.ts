import { NpyError } from "@npyio/header";
import { type ByteSource, clampRead, type ReadOptions } from "./byte-source.js";
import { abortError, onAbort, throwIfAborted, toNpyError } from "./stream-options.js";

/** Options of {@link httpSource}. */
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

interface PendingRead {
  offset: number;
  length: number;
  signal: AbortSignal | undefined;
  resolve(bytes: Uint8Array): void;
  reject(err: unknown): void;
}

const CONTENT_RANGE = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i;
const UNSATISFIED_RANGE = /^bytes\s+\*\/(\d+)$/i;

/**
 * A {@link ByteSource} over HTTP(S) using `Range` requests. Each response must be `206` with a
 * `Content-Range` covering the request; the total size is learned from it. Reads issued in the same
 * tick that touch or overlap are merged into one request.
 */
export class HttpSource implements ByteSource {
  readonly url: string;
  #size: number | undefined;
  #fetch: typeof fetch;
  #options: HttpSourceOptions;
  #pending: PendingRead[] = [];
  #whole: Promise<Uint8Array> | undefined;

  constructor(url: string | URL, options: HttpSourceOptions = {}) {
    this.url = String(url);
    this.#options = options;
    this.#size = options.size;
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== "function") {
      throw new NpyError("INVALID_ARGUMENT", "no fetch available: pass options.fetch");
    }
    this.#fetch = f;
  }

  /** The total size in bytes, once known. */
  get size(): number | undefined {
    return this.#size;
  }

  /** Learns the size with a `HEAD` request (if not known yet) and returns it. */
  async fetchSize(options: ReadOptions = {}): Promise<number | undefined> {
    if (this.#size !== undefined) return this.#size;
    const res = await this.#request("HEAD", undefined, options.signal);
    const length = res.headers.get("content-length");
    if (res.ok && length !== null && /^\d+$/.test(length) && !res.headers.get("content-encoding")) {
      this.#size = Number(length);
    }
    return this.#size;
  }

  read(offset: number, length: number, options: ReadOptions = {}): Promise<Uint8Array> {
    try {
      throwIfAborted(options.signal);
      length = clampRead(offset, length, this.#size);
    } catch (err) {
      return Promise.reject(err);
    }
    if (length === 0) return Promise.resolve(new Uint8Array(0));
    if (this.#whole) return this.#whole.then((all) => all.slice(offset, offset + length));
    return new Promise<Uint8Array>((resolve, reject) => {
      const read: PendingRead = { offset, length, signal: options.signal, resolve, reject };
      if (this.#pending.push(read) === 1) queueMicrotask(() => this.#flush());
    });
  }

  /** Sends the reads queued in this tick, merging those that touch into one request each. */
  #flush(): void {
    const reads = this.#pending.sort((a, b) => a.offset - b.offset);
    this.#pending = [];
    const gap = this.#options.coalesceGap ?? 0;
    let group: PendingRead[] = [];
    let groupEnd = 0;
    for (const read of reads) {
      if (group.length > 0 && read.offset > groupEnd + gap) {
        void this.#fetchGroup(group);
        group = [];
      }
      group.push(read);
      groupEnd = Math.max(group.length === 1 ? 0 : groupEnd, read.offset + read.length);
    }
    if (group.length > 0) void this.#fetchGroup(group);
  }

  async #fetchGroup(group: PendingRead[]): Promise<void> {
    // The request is cancelled only when every read waiting on it has been aborted.
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
      const bytes = await this.#fetchRange(start, end - start, controller.signal);
      for (const read of group) {
        read.resolve(bytes.slice(read.offset - start, read.offset - start + read.length));
      }
    } catch (err) {
      for (const read of group) read.reject(err);
    } finally {
      for (const off of unsubscribe) off();
    }
  }

  async #request(
    method: string,
    range: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const headers = new Headers(this.#options.headers);
    if (range) headers.set("Range", range);
    let res: Response;
    try {
      res = await this.#fetch(this.url, { method, headers, signal });
    } catch (err) {
      throw toNpyError(err, "HTTP_ERROR", `${method} ${this.url}`, signal);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      if (res.status !== 416) {
        throw new NpyError(
          "HTTP_ERROR",
          `${method} ${this.url} answered ${res.status} ${res.statusText}; expected 200 or 206`,
        );
      }
    }
    return res;
  }

  async #fetchRange(offset: number, length: number, signal: AbortSignal): Promise<Uint8Array> {
    const last = offset + length - 1;
    const res = await this.#request("GET", `bytes=${offset}-${last}`, signal);
    if (res.status === 416) {
      // Asked past the end: the answer tells the size, the read is empty.
      const m = UNSATISFIED_RANGE.exec(res.headers.get("content-range") ?? "");
      if (m) this.#size = Number(m[1]);
      return new Uint8Array(0);
    }
    if (res.status !== 206) return this.#whole200(res, offset, length, signal);
    const contentRange = res.headers.get("content-range") ?? "";
    const m = CONTENT_RANGE.exec(contentRange);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    if (!m || from > offset || (to < last && (m[3] === "*" || to !== Number(m[3]) - 1))) {
      await res.body?.cancel().catch(() => {});
      throw new NpyError(
        "HTTP_ERROR",
        `${this.url} answered 206 with Content-Range "${contentRange}" for bytes=${offset}-${last}; ` +
          "expected a range covering the request",
      );
    }
    if (m[3] !== "*") this.#size = Number(m[3]);
    const body = await this.#body(res, signal, `GET ${this.url} (bytes=${offset}-${last})`);
    if (body.length !== to - from + 1) {
      throw new NpyError(
        "TRUNCATED",
        `${this.url} sent ${body.length} bytes for Content-Range "${contentRange}" (${to - from + 1} bytes)`,
        { offset: from + body.length },
      );
    }
    return body.subarray(offset - from, offset - from + length);
  }

  /** A `200` to a `Range` request: the server sent the whole file. */
  async #whole200(res: Response, offset: number, length: number, signal: AbortSignal): Promise<Uint8Array> {
    if (!this.#options.allowFullDownload) {
      await res.body?.cancel().catch(() => {});
      throw new NpyError(
        "RANGE_NOT_SUPPORTED",
        `${this.url} ignored the Range header (answered ${res.status} instead of 206); ` +
          "use a server that supports range requests, or pass { allowFullDownload: true } to download the whole file",
      );
    }
    this.#whole ??= this.#body(res, signal, `GET ${this.url}`).then(
      (all) => {
        this.#size = all.length;
        return all;
      },
      (err: unknown) => {
        this.#whole = undefined;
        throw err;
      },
    );
    const all = await this.#whole;
    return all.slice(offset, offset + length);
  }

  async #body(res: Response, signal: AbortSignal, what: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw toNpyError(err, "HTTP_ERROR", `reading the body of ${what}`, signal);
    }
  }
}

/**
 * A {@link ByteSource} over a URL, fetching only the bytes asked for with HTTP `Range` requests.
 *
 * @example
 * ```ts
 * const rows = await readRows(httpSource("https://example.org/big.npy"), 1000, 1010);
 * ```
 */
export function httpSource(url: string | URL, options: HttpSourceOptions = {}): HttpSource {
  return new HttpSource(url, options);
}
