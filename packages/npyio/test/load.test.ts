import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { load, loadNpz, type NpyArray, save, saveNpz } from "../src/index.js";

function streamOf(bytes: Uint8Array, chunk = 7): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

const npyBytes = new Uint8Array(readFixture("npy/i4-2d.npy"));
const npzBytes = new Uint8Array(readFixture("npz/savez.npz"));
const npzKeys = Object.keys(expected.npz["npz/savez.npz"]!.members);

let server: Server;
let base = "";
const ranges: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = req.url === "/a.npz" ? npzBytes : req.url === "/a.npy" ? npyBytes : undefined;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    if (range) {
      ranges.push(`${req.url} ${req.headers.range}`);
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      res.writeHead(206, {
        "content-range": `bytes ${start}-${end}/${body.length}`,
        "content-length": String(end - start + 1),
        "accept-ranges": "bytes",
      });
      res.end(body.subarray(start, end + 1));
    } else {
      res.writeHead(200, { "content-length": String(body.length) }).end(body);
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function expectI4(array: NpyArray | Map<string, NpyArray>) {
  expect(array).not.toBeInstanceOf(Map);
  const a = array as NpyArray;
  expect(a.shape).toEqual([...expected.npy["npy/i4-2d.npy"]!.shape]);
  expect(Array.from(a.data as Int32Array, String)).toEqual(expected.npy["npy/i4-2d.npy"]!.values);
}

function expectSavez(map: NpyArray | Map<string, NpyArray>) {
  expect(map).toBeInstanceOf(Map);
  expect([...(map as Map<string, NpyArray>).keys()]).toEqual(npzKeys);
}

describe("load tells .npy from .npz by magic", () => {
  it("bytes and ArrayBuffer", async () => {
    expectI4(await load(npyBytes));
    expectI4(await load(npyBytes.slice().buffer));
    expectSavez(await load(npzBytes));
  });

  it("Blob", async () => {
    expectI4(await load(new Blob([npyBytes])));
    expectSavez(await load(new Blob([npzBytes])));
  });

  it("Response and ReadableStream, in small chunks", async () => {
    expectI4(await load(new Response(npyBytes)));
    expectI4(await load(streamOf(npyBytes, 3)));
    expectSavez(await load(streamOf(npzBytes, 5)));
    expectSavez(await load(new Response(npzBytes)));
  });

  it("URL string and URL, each read with one plain GET (no Range)", async () => {
    ranges.length = 0;
    expectI4(await load(`${base}/a.npy`));
    expectSavez(await load(new URL(`${base}/a.npz`)));
    expect(ranges).toEqual([]);
  });

  it("says BAD_MAGIC for anything else", async () => {
    await expect(load(new TextEncoder().encode("hello world"))).rejects.toMatchObject({ code: "BAD_MAGIC" });
    await expect(load(streamOf(new Uint8Array(0)))).rejects.toMatchObject({ code: "BAD_MAGIC" });
  });

  it("says HTTP_ERROR for a failed response", async () => {
    await expect(load(new Response("nope", { status: 404 }))).rejects.toMatchObject({ code: "HTTP_ERROR" });
  });
});

describe("loadNpz", () => {
  it.each(Object.entries(expected.npz))(
    "%s has numpy's members, shapes and descrs",
    async (name, fixture) => {
      const map = await loadNpz(readFixture(name));
      expect([...map.keys()]).toEqual(Object.keys(fixture.members));
      for (const [key, member] of Object.entries(fixture.members)) {
        expect(map.get(key)!.shape).toEqual(member.shape);
        expect(map.get(key)!.dtype.descr).toEqual(member.descr);
      }
    },
  );

  it("saveNpz(loadNpz(x)) holds the same members, byte for byte", async () => {
    const map = await loadNpz(npzBytes);
    const again = await loadNpz(saveNpz(map));
    expect([...again.keys()]).toEqual(npzKeys);
    for (const [key, array] of map) expect(save(again.get(key)!)).toEqual(save(array));
  });
});
