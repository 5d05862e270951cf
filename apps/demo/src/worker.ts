/// <reference lib="webworker" />
// Object arrays (dtype=object) are read with allowPickle: npyio's unpickler rebuilds their values as
// plain data and never calls anything, so a page can open them as safely as any other array.
import {
  type ByteSource,
  blobSource,
  bytesSource,
  headerByteLength,
  httpSource,
  type NpyArray,
  type NpyStreamHeader,
  NpzReader,
  type ParsedHeader,
  readHeader,
  readNpy,
  readRows,
} from "npyio";
import type { Entry, ErrorAction, Opened, OpenSource, Reply, Request } from "./protocol.js";
import { computeStats, lineOverview } from "./stats.js";
import { transferables } from "./transferables.js";

declare const self: DedicatedWorkerGlobalScope;

const running = new Map<number, AbortController>();

self.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  if (req.type === "cancel") {
    running.get(req.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(req.id, controller);
  const post = (reply: Reply, transfer: Transferable[] = []) => self.postMessage(reply, transfer);
  const t0 = performance.now();
  open(req.source, controller.signal, (loaded, total) =>
    post({ type: "progress", id: req.id, loaded, total }),
  )
    .then((opened) => {
      const result: Opened = { ...opened, millis: performance.now() - t0 };
      post(
        { type: "opened", id: req.id, result },
        transferables(result.entries.flatMap((e) => [e.data, e.line])),
      );
    })
    .catch((err: unknown) => {
      if (controller.signal.aborted) post({ type: "cancelled", id: req.id });
      else post({ type: "error", id: req.id, ...explain(err, req.source) });
    })
    .finally(() => running.delete(req.id));
};

type Progress = (loaded: number, total: number | undefined) => void;
type Result = Omit<Opened, "millis">;

function open(source: OpenSource, signal: AbortSignal, progress: Progress): Promise<Result> {
  switch (source.kind) {
    case "file":
      return openFile(source.file, signal, progress);
    case "url":
      return openUrl(source.url, signal, progress);
    case "rows":
      return openRows(source, signal, progress);
  }
}

/** A local file: an .npy streams from the Blob into one buffer; an npz is read member by member. */
async function openFile(file: File, signal: AbortSignal, progress: Progress): Promise<Result> {
  const magic = new Uint8Array(await file.slice(0, 6).arrayBuffer());
  const source = blobSource(file);
  if (isZip(magic)) return openNpz(file.name, source, file.size, signal, progress);
  const header = await readHeader(source, { signal, allowPickle: true });
  const array = await readNpy(file, {
    signal,
    allowPickle: true,
    onProgress: (p) => progress(p.loaded, p.total),
  });
  return { name: file.name, kind: "npy", size: file.size, entries: [toEntry(file.name, header, array)] };
}

/**
 * A URL, fetched once as a stream. An .npy is decoded by readNpy as the bytes arrive (one buffer of
 * the array's exact size); an npz is collected, then opened from memory.
 */
async function openUrl(url: string, signal: AbortSignal, progress: Progress): Promise<Result> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (err) {
    throw signal.aborted ? err : new FetchFailed(url, err);
  }
  if (!response.ok || !response.body) throw new Error(`${url} answered HTTP ${response.status}`);
  const length = response.headers.get("content-length");
  // with a Content-Encoding, Content-Length counts the compressed bytes, not what the body yields
  const total =
    length !== null && /^\d+$/.test(length) && !response.headers.get("content-encoding")
      ? Number(length)
      : undefined;
  const name = nameOf(url);
  const { head, stream } = await peek(response.body, 6);
  progress(0, total);
  if (!isZip(head)) {
    const header = headerTap();
    // handed over as a Response with the length the server declared, so readNpy allocates the
    // array's buffer once instead of growing it as bytes arrive (a 400 MB file would peak at 768 MB)
    const body = stream.pipeThrough(header.stream);
    const input =
      total === undefined ? body : new Response(body, { headers: { "content-length": String(total) } });
    const array = await readNpy(input, {
      signal,
      allowPickle: true,
      onProgress: (p) => progress(p.loaded, total ?? p.total),
    });
    const facts = await readHeader(bytesSource(header.bytes()), { signal, allowPickle: true });
    return { name, kind: "npy", size: total, entries: [toEntry(name, facts, array)] };
  }
  const bytes = await readAll(stream, total, signal, progress);
  return openNpz(name, bytesSource(bytes), bytes.length, signal, () => {});
}

async function openNpz(
  name: string,
  source: ByteSource,
  size: number,
  signal: AbortSignal,
  progress: Progress,
): Promise<Result> {
  const reader = await NpzReader.open(source, { signal, allowPickle: true });
  const members = reader.entries();
  const total = members.reduce((sum, m) => sum + m.compressedSize, 0);
  let loaded = 0;
  progress(loaded, total);
  const entries: Entry[] = [];
  for (const member of members) {
    const header = await reader.header(member.key);
    entries.push(toEntry(member.key, header, await reader.get(member.key, { signal })));
    loaded += member.compressedSize;
    progress(loaded, total);
  }
  return { name, kind: "npz", size, entries };
}

/**
 * Reads the header and then only rows `start:end` of a remote .npy, with HTTP Range requests. The
 * bounds are clamped the way numpy slices (`a[250:400]` of 300 rows is rows 250 to 299; negative
 * bounds count from the end).
 */
async function openRows(
  request: Extract<OpenSource, { kind: "rows" }>,
  signal: AbortSignal,
  progress: Progress,
): Promise<Result> {
  const { url } = request;
  // a server that ignores Range answers with the whole file: npyio reads it in order, only up to
  // the last row asked for
  const source = httpSource(url);
  let header: NpyStreamHeader;
  try {
    header = await readHeader(source, { signal });
  } catch (err) {
    if (errorCode(err) === "BAD_MAGIC" && isZip(await source.read(0, 2, { signal })))
      throw new RowsOfNpz(url);
    throw err;
  }
  const rows = header.shape[0] ?? 0;
  const start = clampIndex(request.start, rows);
  const end = Math.max(start, clampIndex(request.end, rows));
  const array = await readRows(source, start, end, {
    signal,
    header,
    onProgress: (p) => progress(p.loaded, p.total),
  });
  const name = nameOf(url);
  const entry = toEntry(name, header, array, start);
  entry.rows = { start, end, fullShape: header.shape };
  return { name, kind: "rows", size: source.size, entries: [entry] };
}

/** A slice bound as Python clamps it: negative counts from the end, then held within [0, n]. */
function clampIndex(index: number, n: number): number {
  const i = Math.trunc(index) || 0;
  return Math.max(0, Math.min(n, i < 0 ? i + n : i));
}

/** `fetch` itself failed: no HTTP answer reached the page (server down, or CORS refused the read). */
class FetchFailed extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`fetch ${url} failed`, { cause });
  }
}

/** "Load rows" was given an .npz: rows are a .npy feature. */
class RowsOfNpz extends Error {
  constructor(readonly url: string) {
    super(`${url} is an .npz archive`);
  }
}

/**
 * What the page shows for a failed open: npyio's code and message, said for a visitor, and, where a
 * visitor can do something about it, a button that does it.
 */
function explain(err: unknown, source: OpenSource): { code?: string; message: string; action?: ErrorAction } {
  if (err instanceof RowsOfNpz) {
    return {
      message: `${err.url} is an .npz archive. Rows can be read from a single .npy file only; open the whole archive to see its members.`,
      action: { label: "Open the whole archive", source: { kind: "url", url: err.url } },
    };
  }
  const url = "url" in source ? source.url : undefined;
  // fetch rejects with a TypeError that says nothing more, both for a server that is down and for a
  // cross-origin answer the browser withheld (CORS); npyio wraps the one from a Range read
  const fetchFailed =
    err instanceof FetchFailed ||
    (errorCode(err) === "HTTP_ERROR" && (err as Error).cause instanceof TypeError);
  if (url && fetchFailed) return { message: fetchAdvice(url, source.kind === "rows") };
  const code = errorCode(err);
  return { code, message: errorMessage(err) };
}

function fetchAdvice(url: string, ranged: boolean): string {
  const target = new URL(url, self.location.href);
  const page = self.location.origin;
  if (target.origin === page) return `Could not fetch ${url}: the server did not answer.`;
  const headers = ranged
    ? `Access-Control-Allow-Origin: ${page}, Access-Control-Allow-Headers: Range and Access-Control-Expose-Headers: Content-Range`
    : `Access-Control-Allow-Origin: ${page}`;
  return `Could not fetch ${url}. It is on another origin (${target.origin}), and either it did not answer or it does not let this page read it (CORS). A server that allows it sends ${headers}.`;
}

function toEntry(name: string, header: ParsedHeader, array: NpyArray, first = 0): Entry {
  return {
    name,
    version: header.version,
    descr: header.descr,
    shape: array.shape,
    fortranOrder: array.fortranOrder,
    dtype: array.dtype,
    dataOffset: header.dataOffset,
    data: array.data,
    stats: computeStats(array.dtype.kind, array.data),
    line: array.shape.length === 1 ? lineOverview(array.dtype.kind, array.data, first) : undefined,
  };
}

// an npz is a zip (local header "PK\x03\x04", or "PK\x05\x06" when empty); anything else goes to the
// .npy reader, whose error (BAD_MAGIC and the bytes it found) tells what the file is not
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/** The first `n` bytes of a stream (fewer if it is shorter) and a stream that still yields all of it. */
async function peek(
  body: ReadableStream<Uint8Array>,
  n: number,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const held: Uint8Array[] = [];
  let count = 0;
  while (count < n) {
    const { done, value } = await reader.read();
    if (done) break;
    held.push(value);
    count += value.length;
  }
  const head = concat(held, count).subarray(0, n);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of held) controller.enqueue(chunk);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, stream };
}

/** A pass-through stream that keeps the bytes of the .npy header (version and all) as they go by. */
function headerTap(): { stream: TransformStream<Uint8Array, Uint8Array>; bytes(): Uint8Array } {
  const parts: Uint8Array[] = [];
  let count = 0;
  let complete = false;
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (!complete) {
        parts.push(chunk);
        count += chunk.length;
        try {
          const need = headerByteLength(concat(parts, count));
          complete = need !== undefined && count >= need;
        } catch {
          // not a header: readNpy reports it with the bytes it found
          complete = true;
        }
      }
      controller.enqueue(chunk);
    },
  });
  return { stream, bytes: () => concat(parts, count) };
}

function concat(parts: Uint8Array[], count: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const all = new Uint8Array(count);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/**
 * Reads a whole stream, reporting progress (at most every 1% or 100 ms). With a known total the
 * bytes go straight into one buffer of that size, so a large archive is held once, not twice.
 */
async function readAll(
  stream: ReadableStream<Uint8Array>,
  total: number | undefined,
  signal: AbortSignal,
  progress: Progress,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  signal.addEventListener("abort", () => reader.cancel(signal.reason).catch(() => {}), { once: true });
  let buffer = total === undefined ? undefined : new Uint8Array(total);
  const parts: Uint8Array[] = [];
  let loaded = 0;
  let reported = 0;
  let lastTime = 0;
  for (;;) {
    const { done, value } = await reader.read();
    signal.throwIfAborted();
    if (done) break;
    if (buffer && loaded + value.length <= buffer.length) buffer.set(value, loaded);
    else {
      // more bytes than the Content-Length said: keep them all and let the decoder judge
      if (buffer) parts.push(buffer.subarray(0, loaded));
      buffer = undefined;
      parts.push(value);
    }
    loaded += value.length;
    const now = performance.now();
    if (total === undefined || loaded - reported >= total / 100 || now - lastTime >= 100) {
      progress(loaded, total);
      reported = loaded;
      lastTime = now;
    }
  }
  progress(loaded, total ?? loaded);
  return buffer ? buffer.subarray(0, loaded) : concat(parts, loaded);
}

function nameOf(url: string): string {
  const path = new URL(url, self.location.href).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)) || url;
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
