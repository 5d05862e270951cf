/// <reference lib="webworker" />
import { type ArrayLike, api, type HeaderLike } from "./library.js";
import type { Entry, Opened, OpenSource, Reply, Request } from "./protocol.js";
import { computeStats } from "./stats.js";
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
      post({ type: "opened", id: req.id, result }, transferables(result.entries.map((e) => e.data)));
    })
    .catch((err: unknown) => {
      if (controller.signal.aborted) post({ type: "cancelled", id: req.id });
      else post({ type: "error", id: req.id, code: errorCode(err), message: errorMessage(err) });
    })
    .finally(() => running.delete(req.id));
};

type Progress = (loaded: number, total: number | undefined) => void;

async function open(
  source: OpenSource,
  signal: AbortSignal,
  progress: Progress,
): Promise<Omit<Opened, "millis">> {
  switch (source.kind) {
    case "file": {
      const bytes = await readAll(source.file.stream(), source.file.size, signal, progress);
      return fromBytes(source.file.name, bytes, signal);
    }
    case "url": {
      const response = await fetch(source.url, { signal });
      if (!response.ok || !response.body) throw new Error(`${source.url}: HTTP ${response.status}`);
      const length = Number(response.headers.get("content-length") ?? Number.NaN);
      const total = Number.isFinite(length) && !response.headers.get("content-encoding") ? length : undefined;
      const bytes = await readAll(response.body, total, signal, progress);
      return fromBytes(nameOf(source.url), bytes, signal);
    }
    case "rows":
      return readRemoteRows(source.url, source.start, source.end, signal, progress);
  }
}

/** Reads the header and then only rows [start, end) of a remote .npy, with HTTP Range requests. */
async function readRemoteRows(
  url: string,
  start: number,
  end: number,
  signal: AbortSignal,
  progress: Progress,
): Promise<Omit<Opened, "millis">> {
  const source = api("httpSource")(url);
  const header = await api("readHeader")(source, { signal });
  const array = await api("readRows")(source, start, end, { signal });
  const rowBytes = array.dtype.itemsize * array.shape.slice(1).reduce((a, b) => a * b, 1);
  progress(rowBytes * array.shape[0]!, rowBytes * array.shape[0]!);
  const entry = toEntry(nameOf(url), header, array);
  entry.rows = { start, end: start + array.shape[0]!, fullShape: header.shape };
  return { name: nameOf(url), kind: "rows", size: source.size, entries: [entry] };
}

async function fromBytes(
  name: string,
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<Omit<Opened, "millis">> {
  const source = api("bytesSource")(bytes);
  if (isNpy(bytes)) {
    const header = await api("readHeader")(source, { signal });
    return { name, kind: "npy", size: bytes.length, entries: [toEntry(name, header, api("parse")(bytes))] };
  }
  const reader = await api("NpzReader").open(source, { signal });
  const entries: Entry[] = [];
  for (const member of reader.names()) {
    const header = await reader.header(member);
    entries.push(toEntry(member, header, await reader.get(member, { signal })));
  }
  return { name, kind: "npz", size: bytes.length, entries };
}

function toEntry(name: string, header: HeaderLike, array: ArrayLike): Entry {
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
  };
}

// an .npy file starts with \x93NUMPY; anything else is handed to the npz reader, which says what it is
function isNpy(bytes: Uint8Array): boolean {
  return bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === "NUMPY";
}

/** Reads a whole stream into one buffer, reporting progress (at most every 1% or 100 ms). */
async function readAll(
  stream: ReadableStream<Uint8Array>,
  total: number | undefined,
  signal: AbortSignal,
  progress: Progress,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  signal.addEventListener("abort", () => reader.cancel(signal.reason).catch(() => {}), { once: true });
  const parts: Uint8Array[] = [];
  let loaded = 0;
  let reported = 0;
  let lastTime = 0;
  progress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    signal.throwIfAborted();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    const now = performance.now();
    if (total === undefined || loaded - reported >= total / 100 || now - lastTime >= 100) {
      progress(loaded, total);
      reported = loaded;
      lastTime = now;
    }
  }
  progress(loaded, total ?? loaded);
  if (parts.length === 1) return parts[0]!;
  const all = new Uint8Array(loaded);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
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
