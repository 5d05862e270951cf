/**
 * A loopback HTTP server for the examples: serves in-memory files on 127.0.0.1 (a free port),
 * answers `Range: bytes=a-b` and suffix ranges (`bytes=-n`, the last n bytes) with 206, and counts the body bytes it sends, so an example can show
 * how much of a file a reader really fetched. Not part of npyio.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ServedFiles {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Body bytes sent so far. */
  bytesSent: number;
  /** Requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

export async function serveBytes(files: Record<string, Uint8Array>): Promise<ServedFiles> {
  const stats = { bytesSent: 0, requests: 0 };
  const server = createServer((req, res) => {
    stats.requests++;
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const body = files[path];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const send = (status: number, bytes: Uint8Array, headers: Record<string, string | number>) => {
      res.writeHead(status, { "content-length": bytes.length, "accept-ranges": "bytes", ...headers });
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      stats.bytesSent += bytes.length;
      res.end(bytes);
    };
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    if (!range || (!range[1] && !range[2])) {
      send(200, body, {});
      return;
    }
    // a suffix range: the last n bytes (an archive's tail)
    const suffix = !range[1];
    const start = suffix ? Math.max(0, body.length - Number(range[2])) : Number(range[1]);
    const end = suffix
      ? body.length - 1
      : Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
    if (start >= body.length) {
      res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
      return;
    }
    send(206, body.subarray(start, end + 1), { "content-range": `bytes ${start}-${end}/${body.length}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get bytesSent() {
      return stats.bytesSent;
    },
    get requests() {
      return stats.requests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** `n` bytes as "1.2 MB"-style text. */
export const fmtBytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
