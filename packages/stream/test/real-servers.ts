// Real HTTP servers for the tests, the way users serve files: nginx (Debian's nginx-light: Range,
// strong ETags, If-Range, 416, gzip) and `python3 -m http.server` (ignores Range, answers 200).
// Each runs on free loopback ports with its own prefix, config, pid and temp dirs in a tmp dir.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

/** A server started by the test setup. */
export interface RealServer {
  /** `http://127.0.0.1:PORT/` + path. */
  url(path: string): string;
  readonly origin: string;
  close(): Promise<void>;
}

/** nginx also serves the same root on a second origin (another port): for cross-origin redirects. */
export interface Nginx extends RealServer {
  /** The second origin's URL for `path`. */
  otherUrl(path: string): string;
}

/**
 * Why a real server cannot start here, or undefined when it can. In CI (`CI=true`) a missing server
 * is a failure, not a skip: `.ci/run` installs nginx-light.
 */
export function missing(binary: string): string | undefined {
  if (existsSync(binary)) return undefined;
  const why = `${binary} not found (apt-get install nginx-light, or set NGINX_PATH)`;
  if (process.env.CI === "true") throw new Error(`CI needs ${why}`);
  console.log(`skipping the nginx tests: ${why}`);
  return why;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once `port` accepts connections; rejects if `child` exits first. */
async function listening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.connect(port, "127.0.0.1");
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the server did not listen on ${port}: ${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * Starts nginx serving `root` with Range, strong ETags and Last-Modified (nginx's defaults for static
 * files), plus:
 * - `/gz/…`: the same files gzip-compressed on the fly (chunked, no Content-Length);
 * - `/elsewhere/…`: a 302 to the same file on the second origin;
 * - `/loop`: a redirect to itself, forever;
 * - `extra`: more `location` blocks for a test (CORS headers, say).
 */
export async function startNginx(root: string, extra = ""): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), "npyio-nginx-"));
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"]) mkdirSync(join(dir, d));
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const [port, other] = [await freePort(), await freePort()];
    const server = (listen: number, locations: string) => `
  server {
    listen 127.0.0.1:${listen};
    root ${root};
    location /gz/ { alias ${root}/; gzip on; gzip_types *; gzip_min_length 0; }
    ${locations}
  }`;
    writeFileSync(
      join(dir, "nginx.conf"),
      `${process.getuid?.() === 0 ? "user root;" : ""}
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  default_type application/octet-stream;
  ${server(
    port,
    `location /elsewhere/ { rewrite ^/elsewhere/(.*)$ http://127.0.0.1:${other}/$1 redirect; }
    location = /loop { return 302 /loop; }
    ${extra}`,
  )}
  ${server(other, extra)}
}
`,
    );
    let log = "";
    const child = spawn(
      NGINX,
      ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "logs/error.log")],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    child.stderr!.on("data", (d: Buffer) => {
      log += d.toString();
    });
    try {
      await listening(port, child, () => log);
      await listening(other, child, () => log);
    } catch (err) {
      lastError = err;
      await stop(child);
      continue;
    }
    return {
      origin: `http://127.0.0.1:${port}`,
      url: (path) => `http://127.0.0.1:${port}/${path}`,
      otherUrl: (path) => `http://127.0.0.1:${other}/${path}`,
      async close() {
        await stop(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** Starts `python3 -m http.server` on `root`: it ignores Range and answers every GET with 200. */
export async function startPythonHttp(root: string): Promise<RealServer> {
  const child = spawn(
    "python3",
    ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", root],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  const port = await new Promise<number>((resolve, reject) => {
    const seen = (d: Buffer) => {
      log += d.toString();
      const m = /port (\d+)/.exec(log);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on("data", seen);
    child.stderr!.on("data", (d: Buffer) => {
      log += d.toString();
    });
    child.once("exit", (code) => reject(new Error(`python3 -m http.server exited (${code}): ${log}`)));
  });
  await listening(port, child, () => log);
  return {
    origin: `http://127.0.0.1:${port}`,
    url: (path) => `http://127.0.0.1:${port}/${path}`,
    close: () => stop(child),
  };
}
