import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { fileURLToPath } from "node:url";
import { parseDescr, save } from "npyio";
import { type Browser, chromium, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";

/** Debian's chromium (or CHROMIUM_PATH); the tests never download a browser. */
export const chromiumPath = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
].find((p): p is string => typeof p === "string" && p !== "" && existsSync(p));

export const demoDir = fileURLToPath(new URL("..", import.meta.url));
export const artifactsDir = fileURLToPath(new URL("../artifacts/", import.meta.url));
export const samplePath = (name: string) =>
  fileURLToPath(new URL(`../public/samples/${name}`, import.meta.url));

/** What the test routes saw: Range headers sent for samples, and whether the slow download was dropped. */
export interface RouteLog {
  ranges: { path: string; range: string | undefined }[];
  slowStarted: boolean;
  slowClosedEarly: boolean;
}

/**
 * Test-only routes in front of the dev server:
 * - `/slow/image.npy` sends the first half of samples/image.npy, then stalls until the client hangs
 *   up, so a load is reliably in progress when the test presses Cancel;
 * - `/generated/large.npy` is a 2000 × 3000 float32 array (24 MB) written by npyio's `save`, and
 *   `/generated/long.npy` the float32 numbers 0 to 1999999 (8 MB);
 * - `/generated/empty.npy` is a float64 array of shape (0, 5), `/generated/bytes.npy` an `|S3`
 *   array whose first element is `b'\x00\xff'`;
 * - `/py/…` is the `python3 -m http.server` (which ignores Range) reached through this origin;
 * - every request under `/samples/` is logged with its Range header.
 */
function testRoutes(
  log: RouteLog,
  py: string,
  routes: Routes,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const path = (req.url ?? "").split("?")[0]!;
  if (path.startsWith("/samples/")) log.ranges.push({ path, range: req.headers.range });
  if (path.startsWith("/py/")) {
    log.ranges.push({ path, range: req.headers.range });
    void proxy(`${py}${path.slice("/py/".length)}`, req, res);
    return true;
  }
  const generated = routes[path] ?? GENERATED[path];
  if (generated) {
    const bytes = generated();
    res.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": String(bytes.length),
    });
    res.end(bytes);
    return true;
  }
  if (path !== "/slow/image.npy") return false;
  const bytes = readFileSync(samplePath("image.npy"));
  log.slowStarted = true;
  let finished = false;
  res.on("finish", () => {
    finished = true;
  });
  res.on("close", () => {
    if (!finished) log.slowClosedEarly = true;
  });
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(bytes.length) });
  res.write(bytes.subarray(0, bytes.length >> 1));
  return true;
}

/** Paths served with bytes made on first request. */
export type Routes = Record<string, () => Uint8Array>;

const GENERATED: Routes = {
  "/generated/large.npy": largeNpy,
  "/generated/long.npy": longNpy,
  "/generated/noisy.npy": noisyNpy,
  "/generated/empty.npy": () => save({ data: new Float64Array(0), shape: [0, 5] }),
  "/generated/bytes.npy": () =>
    save({ dtype: parseDescr("|S3"), data: ["\x00\xff", "OSL", ""], shape: [3], fortranOrder: false }),
};

/** Forwards a request (Range header included) to python's http.server and its answer back. */
async function proxy(url: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  if (req.headers.range) headers.range = req.headers.range;
  try {
    const answer = await fetch(url, { method: req.method, headers });
    const body = new Uint8Array(await answer.arrayBuffer());
    const out: Record<string, string> = { "content-length": String(body.length) };
    for (const name of ["content-type", "content-range", "accept-ranges", "last-modified"]) {
      const value = answer.headers.get(name);
      if (value !== null) out[name] = value;
    }
    res.writeHead(answer.status, out);
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    res.writeHead(502).end();
  }
}

/** `python3 -m http.server` serving the samples on a free loopback port: a real server that ignores Range and sends no CORS headers. */
async function startPythonServer(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1"], {
    cwd: samplePath(""),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const port = /port (\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}/`);
    });
    child.on("exit", (code) => reject(new Error(`python3 -m http.server exited with ${code}`)));
  });
  return { url, process: child };
}

let large: Uint8Array | undefined;

/** Interfering waves, 2000 rows × 3000 columns. */
export function largeNpy(): Uint8Array {
  if (!large) {
    const rows = 2000;
    const cols = 3000;
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++)
        data[i * cols + j] = Math.sin(i / 90) * Math.cos(j / 140) + Math.sin((i + j) / 300);
    }
    large = save({ data, shape: [rows, cols] });
  }
  return large;
}

let noisy: Uint8Array | undefined;

/** 5,000,000 float32 values of noise (a fixed linear congruential sequence) on a slow wave. */
function noisyNpy(): Uint8Array {
  if (!noisy) {
    const n = 5_000_000;
    const data = new Float32Array(n);
    let state = 12345;
    for (let k = 0; k < n; k++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      data[k] = Math.sin(k / 400_000) + (state / 2 ** 32 - 0.5);
    }
    noisy = save({ data, shape: [n] });
  }
  return noisy;
}

let long: Uint8Array | undefined;

function longNpy(): Uint8Array {
  long ??= save({ data: Float32Array.from({ length: 2_000_000 }, (_, k) => k), shape: [2_000_000] });
  return long;
}

export interface Demo {
  server: ViteDevServer;
  http: Server;
  browser: Browser;
  page: Page;
  base: string;
  log: RouteLog;
  /** python's http.server on another origin (another port): no Range, no CORS headers. */
  pythonServer: string;
  /** Uncaught errors and console errors on the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Starts the demo behind the test routes (plus `routes`, e.g. a bench's own file) and Chromium. */
export async function startDemo(routes: Routes = {}): Promise<Demo> {
  const log: RouteLog = { ranges: [], slowStarted: false, slowClosedEarly: false };
  // Vite in middleware mode behind our own server on port 0 (its WebSocket on that server too): no fixed
  // port to collide with `pnpm start` or another test run
  let vite: ViteDevServer | undefined;
  const python = await startPythonServer();
  const http = createHttpServer((req, res) => {
    if (!testRoutes(log, python.url, routes, req, res)) vite!.middlewares(req, res);
  });
  const server = await createServer({
    configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
    root: demoDir,
    // no file watching: other packages change under a running test, and a reload would break it
    server: { middlewareMode: true, hmr: { server: http }, watch: null },
    appType: "spa",
    logLevel: "warn",
    clearScreen: false,
  });
  vite = server;
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  if (!address || typeof address === "string") throw new Error("test server has no port");
  const base = `http://127.0.0.1:${address.port}/`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1100 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (err) => pageErrors.push(String(err)));
  page.on("console", (msg) => {
    if (msg.type() === "error") pageErrors.push(msg.text());
  });
  return {
    server,
    http,
    browser,
    page,
    base,
    log,
    pythonServer: python.url,
    pageErrors,
    async close() {
      python.process.kill();
      await browser.close();
      await server.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
