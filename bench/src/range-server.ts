import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import sirv from "sirv";

/** What the server sent since the last reset. */
export interface Traffic {
  requests: number;
  /** Response bodies, as handed to the response (what "bytes transferred" means in case 9). */
  bodyBytes: number;
  /** Everything the sockets wrote: status lines, headers and bodies. */
  wireBytes: number;
  /** Method and Range header of each request, for the report. */
  log: string[];
}

export interface RangeServer {
  url(file: string): string;
  traffic(): Traffic;
  reset(): void;
  close(): Promise<void>;
}

function countBody(res: ServerResponse, add: (n: number) => void): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const size = (chunk: unknown) =>
    typeof chunk === "string" ? Buffer.byteLength(chunk) : ArrayBuffer.isView(chunk) ? chunk.byteLength : 0;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    add(size(chunk));
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && typeof chunk !== "function") add(size(chunk));
    return end(chunk, ...rest);
  }) as typeof res.end;
}

/**
 * A loopback HTTP server for `dir` with Range support (sirv: `bytes=a-b` → 206), counting what it
 * sends. Bodies of HEAD responses are not counted (Node drops them).
 */
export async function startRangeServer(dir: string): Promise<RangeServer> {
  const serve = sirv(dir, { dev: true, etag: false });
  let traffic: Traffic = { requests: 0, bodyBytes: 0, wireBytes: 0, log: [] };
  const sockets = new Set<Socket>();
  const wireAtReset = new Map<Socket, number>();
  const server = createServer((req, res) => {
    traffic.requests++;
    traffic.log.push(`${req.method} ${req.headers.range ?? "(no Range)"}`);
    if (req.method !== "HEAD") countBody(res, (n) => (traffic.bodyBytes += n));
    serve(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => {
      // keep its count: a closed socket's bytes still happened
      traffic.wireBytes += s.bytesWritten - (wireAtReset.get(s) ?? 0);
      sockets.delete(s);
      wireAtReset.delete(s);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (file) => `http://127.0.0.1:${port}/${file}`,
    traffic() {
      let live = 0;
      for (const s of sockets) live += s.bytesWritten - (wireAtReset.get(s) ?? 0);
      return { ...traffic, wireBytes: traffic.wireBytes + live, log: [...traffic.log] };
    },
    reset() {
      traffic = { requests: 0, bodyBytes: 0, wireBytes: 0, log: [] };
      for (const s of sockets) wireAtReset.set(s, s.bytesWritten);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
