import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isNpyError } from "@npyio/header";
import { readNpy } from "@npyio/stream";
import { httpSource } from "@npyio/stream/http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expected, fixturesDir, readFixture } from "../../../fixtures/index.js";
import { limitsFor, readableFixtures } from "./helpers.js";
import { startServer, type TestServer } from "./http-server.js";

const name = "npy/f4-random-1000.npy";
const file = readFixture(name);
const BIG = 32 << 20;
const bigDir = mkdtempSync(join(tmpdir(), "npyio-stream-http-"));
writeFileSync(join(bigDir, "big.bin"), new Uint8Array(BIG));
let server: TestServer;
let bigServer: TestServer;
beforeAll(async () => {
  server = await startServer(fixturesDir);
  bigServer = await startServer(bigDir);
});
afterAll(async () => {
  await server.close();
  await bigServer.close();
  rmSync(bigDir, { recursive: true, force: true });
});
beforeEach(() => {
  server.reset();
  bigServer.reset();
});

describe("httpSource against a loopback server with Range support", () => {
  it("reads a range with one request, transferring only that range, and learns the size", async () => {
    const source = httpSource(server.url(name));
    expect(source.size).toBeUndefined();
    expect(await source.read(100, 50)).toEqual(file.slice(100, 150));
    expect(source.size).toBe(file.length);
    expect(server.ranges).toEqual(["bytes=100-149"]);
    expect(server.bytesSent).toBe(50);
  });

  it("merges reads issued together that touch into one request", async () => {
    const source = httpSource(server.url(name));
    const [a, b, c] = await Promise.all([source.read(200, 10), source.read(210, 20), source.read(220, 5)]);
    expect(a).toEqual(file.slice(200, 210));
    expect(b).toEqual(file.slice(210, 230));
    expect(c).toEqual(file.slice(220, 225));
    expect(server.ranges).toEqual(["bytes=200-229"]);
    expect(server.bytesSent).toBe(30);
  });

  it("merges reads closer than coalesceGap, fetching the gap too", async () => {
    const source = httpSource(server.url(name), { coalesceGap: 10 });
    const [a, b] = await Promise.all([source.read(100, 10), source.read(115, 5)]);
    expect(a).toEqual(file.slice(100, 110));
    expect(b).toEqual(file.slice(115, 120));
    expect(server.ranges).toEqual(["bytes=100-119"]);
  });

  it("keeps apart reads that do not touch", async () => {
    const source = httpSource(server.url(name));
    await Promise.all([source.read(100, 10), source.read(300, 10)]);
    expect(server.ranges.sort()).toEqual(["bytes=100-109", "bytes=300-309"]);
    expect(server.bytesSent).toBe(20);
  });

  it("clamps reads at the end once the size is known, and reads empty past it", async () => {
    const source = httpSource(server.url(name));
    await source.read(0, 16);
    expect(await source.read(file.length - 4, 100)).toEqual(file.slice(-4));
    expect((await source.read(file.length + 10, 5)).length).toBe(0);
  });

  it("reads empty past the end before the size is known (416)", async () => {
    const source = httpSource(server.url(name));
    expect((await source.read(file.length + 10, 5)).length).toBe(0);
    expect(source.size).toBe(file.length);
  });

  it("reads the tail from a server that misreads suffix ranges (sirv answers bytes=-n with 0..n-1)", async () => {
    const source = httpSource(server.url(name));
    expect(await source.readTail(100)).toEqual(file.slice(-100));
    expect(source.size).toBe(file.length);
    expect(server.ranges).toEqual(["bytes=-100", `bytes=${file.length - 100}-${file.length - 1}`]);
  });

  it("learns the size with fetchSize (HEAD)", async () => {
    const source = httpSource(server.url(name));
    expect(await source.fetchSize()).toBe(file.length);
    expect(server.bytesSent).toBe(0);
  });

  it("reads in order from the 200 of a server that ignores Range, downloading only what reads reach", async () => {
    bigServer.behaviour = "ignore";
    const source = httpSource(bigServer.url("big.bin"));
    expect(await source.read(0, 16)).toEqual(new Uint8Array(16));
    expect(source.size).toBe(BIG);
    // out of order: RANGE_NOT_SUPPORTED, and the body is cancelled
    const err = await source.read(BIG / 2, 16).catch((e: unknown) => e);
    expect(isNpyError(err, "RANGE_NOT_SUPPORTED")).toBe(true);
    expect((err as Error).message).toMatch(/allowFullDownload/);
    // at most what sat in socket buffers went out, not the 32 MiB
    await new Promise((r) => setTimeout(r, 50));
    expect(bigServer.bytesSent).toBeLessThan(BIG / 4);
    expect(bigServer.ranges).toEqual(["bytes=0-15"]);
  });

  it("downloads once and serves from memory with allowFullDownload", async () => {
    server.behaviour = "ignore";
    const source = httpSource(server.url(name), { allowFullDownload: true });
    expect(await source.read(100, 10)).toEqual(file.slice(100, 110));
    expect(await source.read(500, 10)).toEqual(file.slice(500, 510));
    expect(server.ranges.length).toBe(1);
    expect(server.bytesSent).toBe(file.length);
    expect(source.size).toBe(file.length);
  });

  it("fails with HTTP_ERROR when Content-Range does not cover the request", async () => {
    server.behaviour = "wrong-content-range";
    await expect(httpSource(server.url(name)).read(0, 4)).rejects.toSatisfy((e) =>
      isNpyError(e, "HTTP_ERROR"),
    );
  });

  it("fails with SOURCE_CHANGED naming the URL when the Content-Range total changes between answers", async () => {
    server.behaviour = "lying-size";
    const source = httpSource(server.url(name));
    await source.read(0, 4);
    const err = await source.read(10, 4).catch((e: unknown) => e);
    expect(isNpyError(err, "SOURCE_CHANGED")).toBe(true);
    expect((err as Error).message).toContain(server.url(name));
    expect((err as Error).message).toMatch(/size was 1000001 bytes, now 1000002/);
  });

  it("fails with HTTP_ERROR naming the URL when the connection drops mid-body", async () => {
    server.behaviour = "drop";
    for (const read of [
      () => httpSource(server.url(name)).read(0, 10000),
      () => httpSource(server.url(name), { allowFullDownload: true }).read(0, 10000),
    ]) {
      const err = await read().catch((e: unknown) => e);
      expect(isNpyError(err, "HTTP_ERROR")).toBe(true);
      expect((err as Error).message).toMatch(
        `reading ${server.url(name)} failed: terminated (other side closed)`,
      );
    }
  });

  it("fails with RANGE_NOT_SUPPORTED for a 206 with Content-Encoding (a range of compressed bytes)", async () => {
    server.behaviour = "gzip-206";
    const err = await httpSource(server.url(name))
      .read(0, 10)
      .catch((e: unknown) => e);
    expect(isNpyError(err, "RANGE_NOT_SUPPORTED")).toBe(true);
    expect((err as Error).message).toMatch(/Content-Encoding: gzip/);
  });

  it("fails with HTTP_ERROR for a 404", async () => {
    const err = await httpSource(server.url("npy/missing.npy"))
      .read(0, 4)
      .catch((e: unknown) => e);
    expect(isNpyError(err, "HTTP_ERROR")).toBe(true);
    expect((err as Error).message).toMatch(/404/);
  });

  it("rejects with ABORTED when the signal aborts", async () => {
    const controller = new AbortController();
    const pending = httpSource(server.url(name)).read(0, 100, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toSatisfy((e) => isNpyError(e, "ABORTED"));
  });

  it("serves the fixture the server holds", () => {
    expect(expected.npy[name]?.shape).toEqual([1000]);
  });
});

describe("readNpy from a URL (fetch) against the loopback server", () => {
  it.each(readableFixtures)("%s", async (name) => {
    const want = await readNpy(readFixture(name), limitsFor(name));
    for (const url of [server.url(name), new URL(server.url(name))]) {
      const array = await readNpy(url, limitsFor(name));
      expect(array.shape).toEqual(want.shape);
      expect(array.data).toEqual(want.data);
    }
  });

  it("fails with HTTP_ERROR for a missing URL", async () => {
    await expect(readNpy(server.url("npy/nope.npy"))).rejects.toSatisfy((e) => isNpyError(e, "HTTP_ERROR"));
  });

  it("fails with TRUNCATED early, from Content-Length, for a file shorter than its header says", async () => {
    const err = await readNpy(server.url("hostile/truncated-large-data.npy")).catch((e: unknown) => e);
    expect(isNpyError(err, "TRUNCATED")).toBe(true);
  });
});
