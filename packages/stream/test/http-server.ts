import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";

/** How the test server answers `Range` requests. */
export type RangeBehaviour =
  | "honour"
  | "ignore"
  | "wrong-content-range"
  // what no real server does: a Content-Range total that grows by one on every answer
  | "lying-size"
  // the connection drops halfway through the body
  | "drop"
  // a 206 whose body is gzip-encoded (its range counts compressed bytes)
  | "gzip-206";

/** A static file server on loopback that counts the body bytes it sends and the requests it gets. */
export interface TestServer {
  url(path: string): string;
  /** Body bytes sent since the last `reset()`. */
  bytesSent: number;
  /** `Range` headers of the requests since the last `reset()` (`null` for none). */
  ranges: (string | null)[];
  behaviour: RangeBehaviour;
  reset(): void;
  close(): Promise<void>;
}

/** Serves `dir` with sirv (which supports `Range`) on 127.0.0.1, port chosen by the OS. */
export async function startServer(dir: string): Promise<TestServer> {
  const serve = sirv(dir, { dev: true, etag: false });
  const state = {
    bytesSent: 0,
    ranges: [] as (string | null)[],
    behaviour: "honour" as RangeBehaviour,
    lies: 0,
  };
  const count = (res: ServerResponse) => {
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
    const size = (chunk: unknown) =>
      typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      state.bytesSent += size(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== "function") state.bytesSent += size(chunk);
      return end(chunk, ...rest);
    }) as typeof res.end;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.ranges.push(req.headers.range ?? null);
    // Node drops the body of a HEAD response, so sirv's writes do not reach the wire
    if (req.method !== "HEAD") count(res);
    if (state.behaviour === "ignore") delete req.headers.range;
    if (state.behaviour === "wrong-content-range" && req.headers.range) {
      // A broken proxy: claims a range that starts after the one asked for.
      res.writeHead(206, { "Content-Range": "bytes 1000000-1000003/2000000", "Content-Length": "4" });
      res.end("abcd");
      return;
    }
    if (state.behaviour === "lying-size" && req.headers.range) {
      const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range)!;
      const [from, to] = [Number(m[1]), Number(m[2])];
      state.lies++;
      res.writeHead(206, {
        "Content-Range": `bytes ${from}-${to}/${1_000_000 + state.lies}`,
        "Content-Length": String(to - from + 1),
      });
      res.end(new Uint8Array(to - from + 1));
      return;
    }
    if (state.behaviour === "drop") {
      res.writeHead(req.headers.range ? 206 : 200, {
        ...(req.headers.range ? { "Content-Range": "bytes 0-9999/10000" } : {}),
        "Content-Length": "10000",
      });
      res.write(new Uint8Array(5000), () => res.destroy());
      return;
    }
    if (state.behaviour === "gzip-206" && req.headers.range) {
      res.writeHead(206, {
        "Content-Range": "bytes 0-9/10000",
        "Content-Encoding": "gzip",
        "Content-Length": "10",
      });
      res.end(new Uint8Array(10));
      return;
    }
    serve(req, res, () => {
      res.statusCode = 404;
      res.end("not found");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}/${path}`,
    get bytesSent() {
      return state.bytesSent;
    },
    get ranges() {
      return state.ranges;
    },
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(b) {
      state.behaviour = b;
    },
    reset() {
      state.bytesSent = 0;
      state.ranges = [];
      state.behaviour = "honour";
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
