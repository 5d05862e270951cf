import { existsSync, readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { fileURLToPath } from "node:url";
import { save } from "npyio";
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
 * - every request under `/samples/` is logged with its Range header.
 */
function testRoutes(log: RouteLog, req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?")[0]!;
  if (path.startsWith("/samples/")) log.ranges.push({ path, range: req.headers.range });
  if (path === "/generated/large.npy" || path === "/generated/long.npy") {
    const bytes = path === "/generated/large.npy" ? largeNpy() : longNpy();
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

let large: Uint8Array | undefined;

/** Interfering waves, 2000 rows × 3000 columns. */
function largeNpy(): Uint8Array {
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
  /** Uncaught errors and console errors on the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startDemo(): Promise<Demo> {
  const log: RouteLog = { ranges: [], slowStarted: false, slowClosedEarly: false };
  // Vite in middleware mode behind our own server on port 0 (its WebSocket on that server too): no fixed
  // port to collide with `pnpm start` or another test run
  let vite: ViteDevServer | undefined;
  const http = createHttpServer((req, res) => {
    if (!testRoutes(log, req, res)) vite!.middlewares(req, res);
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
    pageErrors,
    async close() {
      await browser.close();
      await server.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
