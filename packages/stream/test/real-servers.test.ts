// httpSource and readNpy against the servers users really have: nginx (Range, strong ETags,
// If-Range, 416, gzip, redirects) and `python3 -m http.server` (ignores Range).
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isNpyError } from "@npyio/header";
import { readHeader, readNpy, sourceReadable } from "@npyio/stream";
import { httpSource } from "@npyio/stream/http";
import { readRows } from "@npyio/stream/slice";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturesDir, readFixture } from "../../../fixtures/index.js";
import { python as numpy } from "./numpy.js";
import { missing, NGINX, type Nginx, type RealServer, startNginx, startPythonHttp } from "./real-servers.js";

const name = "npy/f4-random-1000.npy";
const file = readFixture(name);
const other = readFixture("npy/f8-3d.npy");
const root = mkdtempSync(join(tmpdir(), "npyio-real-servers-"));
copyFileSync(join(fixturesDir, name), join(root, "a.npy"));
// 4.8 MB, written by numpy: larger than the head an in-order read keeps, and than one 1 MiB chunk
numpy(
  "import sys, numpy as np; np.save(sys.argv[1], np.arange(600_000, dtype='<f8'))",
  join(root, "big.npy"),
);
const big = readFileSync(join(root, "big.npy"));
const noNginx = missing(NGINX);
let nginx: Nginx;
let python: RealServer;

beforeAll(async () => {
  python = await startPythonHttp(root);
  if (!noNginx) nginx = await startNginx(root);
});
afterAll(async () => {
  await python?.close();
  await nginx?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A fetch that records each request's Range and If-Range headers and each answer's status. */
function recording() {
  const log: { range: string | null; ifRange: string | null; status: number; encoding: string | null }[] = [];
  const f: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const res = await fetch(input, init);
    log.push({
      range: headers.get("range"),
      ifRange: headers.get("if-range"),
      status: res.status,
      encoding: res.headers.get("content-encoding"),
    });
    return res;
  };
  return { log, fetch: f };
}

/** A fresh copy of `bytes` under the served root, with its own modification time (so its own ETag). */
function put(path: string, bytes: Uint8Array, mtime: number): void {
  writeFileSync(join(root, `${path}.tmp`), bytes);
  utimesSync(join(root, `${path}.tmp`), mtime, mtime);
  // a rename, as a deploy does: readers of the old name see the new file at once
  renameSync(join(root, `${path}.tmp`), join(root, path));
}

describe.skipIf(noNginx)("httpSource against nginx", () => {
  it("reads a range with one 206, learns the size, and pins the strong ETag", async () => {
    const { log, fetch } = recording();
    const source = httpSource(nginx.url("a.npy"), { fetch });
    expect(await source.read(100, 50)).toEqual(file.slice(100, 150));
    expect(source.size).toBe(file.length);
    expect(source.validator).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(log).toMatchObject([{ range: "bytes=100-149", ifRange: null, status: 206 }]);
  });

  it("sends the validator as If-Range with every later request", async () => {
    const { log, fetch } = recording();
    const source = httpSource(nginx.url("a.npy"), { fetch });
    const header = await readHeader(source);
    const rows = await readRows(source, 10, 20, { header });
    expect(rows.data).toEqual(
      new Float32Array(file.buffer.slice(header.dataOffset + 40, header.dataOffset + 80)),
    );
    expect(log.map((l) => l.ifRange)).toEqual([null, source.validator]);
    expect(log.map((l) => l.status)).toEqual([206, 206]);
  });

  it("fails with SOURCE_CHANGED naming the URL when the file is replaced between the header and the rows", async () => {
    put("swap.npy", file, 1_700_000_000);
    const source = httpSource(nginx.url("swap.npy"));
    const header = await readHeader(source);
    put("swap.npy", other, 1_700_000_100);
    const err = await readRows(source, 0, 10, { header }).catch((e: unknown) => e);
    expect(isNpyError(err, "SOURCE_CHANGED")).toBe(true);
    expect((err as Error).message).toContain(nginx.url("swap.npy"));
  });

  it("fails with SOURCE_CHANGED when a file of the same size is replaced (a new ETag)", async () => {
    put("same-size.npy", file, 1_700_000_000);
    const source = httpSource(nginx.url("same-size.npy"));
    await source.read(0, 16);
    const changed = file.slice();
    changed[file.length - 1]! ^= 0xff;
    put("same-size.npy", changed, 1_700_000_200);
    await expect(source.read(file.length - 8, 8)).rejects.toSatisfy((e) => isNpyError(e, "SOURCE_CHANGED"));
  });

  it("reads the tail with one suffix request, which also tells the size", async () => {
    const { log, fetch } = recording();
    const source = httpSource(nginx.url("a.npy"), { fetch });
    expect(await source.readTail(100)).toEqual(file.slice(-100));
    expect(source.size).toBe(file.length);
    // a tail longer than the file is the whole file
    expect(await httpSource(nginx.url("a.npy")).readTail(1 << 20)).toEqual(file);
    expect(log).toMatchObject([{ range: "bytes=-100", status: 206 }]);
  });

  it("reads empty past the end (416), learning the size", async () => {
    const source = httpSource(nginx.url("a.npy"));
    expect((await source.read(file.length + 10, 5)).length).toBe(0);
    expect(source.size).toBe(file.length);
  });

  it("asks for identity encoding, so a gzip location still answers ranges with 206", async () => {
    const { log, fetch } = recording();
    const source = httpSource(nginx.url("gz/a.npy"), { fetch });
    expect(await source.read(128, 64)).toEqual(file.slice(128, 192));
    expect(log).toMatchObject([{ status: 206, encoding: null }]);
  });

  it("follows a 302 to another origin, and keeps checking the file there", async () => {
    const source = httpSource(nginx.url("elsewhere/a.npy"));
    const header = await readHeader(source);
    expect((await readRows(source, 0, 1000, { header })).data).toEqual(
      new Float32Array(file.buffer.slice(header.dataOffset)),
    );
    expect(source.validator).toMatch(/^"/);
  });

  it("fails with HTTP_ERROR naming the URL and the cause for a redirect loop", async () => {
    const err = await httpSource(nginx.url("loop"))
      .read(0, 8)
      .catch((e: unknown) => e);
    expect(isNpyError(err, "HTTP_ERROR")).toBe(true);
    expect((err as Error).message).toContain(nginx.url("loop"));
    expect((err as Error).message).toMatch(/redirect/i);
  });

  it("fails with HTTP_ERROR naming the URL and the status for a missing file", async () => {
    const err = await httpSource(nginx.url("nope.npy"))
      .read(0, 8)
      .catch((e: unknown) => e);
    expect(isNpyError(err, "HTTP_ERROR")).toBe(true);
    expect((err as Error).message).toContain(`${nginx.url("nope.npy")}: HTTP 404`);
  });

  it("readNpy(url) is one plain GET: it follows a 302 to another origin; a 404 and a redirect loop are HTTP_ERROR naming the URL", async () => {
    const { log, fetch } = recording();
    expect((await readNpy(nginx.url("elsewhere/a.npy"), { fetch })).data).toEqual((await readNpy(file)).data);
    const missing = await readNpy(nginx.url("nope.npy"), { fetch }).catch((e: unknown) => e);
    expect(isNpyError(missing, "HTTP_ERROR")).toBe(true);
    expect((missing as Error).message).toContain(`GET ${nginx.url("nope.npy")}: HTTP 404`);
    expect(log).toMatchObject([
      { range: null, status: 200 },
      { range: null, status: 404 },
    ]);
    const loop = await readNpy(nginx.url("loop")).catch((e: unknown) => e);
    expect(isNpyError(loop, "HTTP_ERROR")).toBe(true);
    expect((loop as Error).message).toContain(nginx.url("loop"));
    expect((loop as Error).message).toMatch(/redirect/i);
  });

  it("readNpy(url) reads a gzip-encoded answer without Content-Length", async () => {
    const { log, fetch } = recording();
    const array = await readNpy(nginx.url("gz/a.npy"), { fetch });
    expect(array.data).toEqual((await readNpy(file)).data);
    expect(log).toMatchObject([{ range: null, status: 200, encoding: "gzip" }]);
  });

  it("fetchAll is one plain GET, checked against the validator pinned before", async () => {
    put("all.npy", file, 1_700_000_000);
    const { log, fetch } = recording();
    const source = httpSource(nginx.url("all.npy"), { fetch });
    await source.read(0, 8);
    const res = await source.fetchAll();
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(file);
    expect(log.map((l) => l.range)).toEqual(["bytes=0-7", null]);
    put("all.npy", other, 1_700_000_300);
    await expect(source.fetchAll()).rejects.toSatisfy((e) => isNpyError(e, "SOURCE_CHANGED"));
  });
});

describe("httpSource against python3 -m http.server (ignores Range)", () => {
  it("serves reads in order from the one 200 body: the header, the first rows, the whole array", async () => {
    const { log, fetch } = recording();
    const source = httpSource(python.url("big.npy"), { fetch });
    const header = await readHeader(source);
    const rows = await readRows(source, 0, 10, { header });
    expect(Array.from(rows.data as Float64Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const whole = await readNpy(sourceReadable(source));
    const data = whole.data as Float64Array;
    // Buffer.compare: a deep equality of 4.8 MB element by element is slow
    expect(
      Buffer.compare(
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        big.subarray(header.dataOffset),
      ),
    ).toBe(0);
    expect(source.size).toBe(big.length);
    expect(log).toMatchObject([{ range: "bytes=0-1023", status: 200 }]);
  });

  it("fails a read out of order with RANGE_NOT_SUPPORTED that advises an option httpSource takes", async () => {
    const source = httpSource(python.url("big.npy"));
    const header = await readHeader(source);
    const err = await readRows(source, 500_000, 500_010, { header }).catch((e: unknown) => e);
    expect(isNpyError(err, "RANGE_NOT_SUPPORTED")).toBe(true);
    expect((err as Error).message).toContain(python.url("big.npy"));
    expect((err as Error).message).toMatch(/allowFullDownload: true/);
    // a first read far from the start fails at once
    const far = await httpSource(python.url("big.npy"))
      .read(4_000_000, 8)
      .catch((e: unknown) => e);
    expect(isNpyError(far, "RANGE_NOT_SUPPORTED")).toBe(true);
  });

  it("uses the one 200 body with allowFullDownload, for reads and for the tail", async () => {
    const { log, fetch } = recording();
    const source = httpSource(python.url("a.npy"), { fetch, allowFullDownload: true });
    expect(await source.readTail(10)).toEqual(file.slice(-10));
    expect(await source.read(100, 10)).toEqual(file.slice(100, 110));
    expect(source.size).toBe(file.length);
    expect(log).toMatchObject([{ range: "bytes=-10", status: 200 }]);
  });

  it("reads the whole file with fetchAll, and readNpy(url) with a plain GET", async () => {
    const res = await httpSource(python.url("a.npy")).fetchAll();
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(file);
    expect((await readNpy(python.url("a.npy"))).data).toEqual((await readNpy(file)).data);
  });
});
