/**
 * `allowPickle` on every reader: object arrays numpy wrote read to what np.load(allow_pickle=True)
 * gives (JSON-compared with fixtures "pickle"), hostile pickles give their codes, and without the
 * option every object array is still refused with OBJECT_DTYPE.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expected,
  fixturesDir,
  type PickleNpyFixture,
  type PickleNpzFixture,
  readFixture,
} from "../../../fixtures/index.js";
import { pyJson } from "../../../fixtures/py-json.js";
import { isNpyError, load, loadNpz, NpzReader, parse, readNpy } from "../src/index.js";
import { load as loadPath } from "../src/index.node.js";
import { readFile } from "../src/node.js";

const entries = Object.entries(expected.pickle);
const npy = entries.filter(([n]) => n.startsWith("npy/")) as [string, PickleNpyFixture][];
const npz = entries.filter(([n]) => n.startsWith("npz/")) as [string, PickleNpzFixture][];
const hostile = entries.filter(([n]) => n.startsWith("hostile/")) as [string, { code: string }][];

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

const codeOf = async (p: Promise<unknown> | (() => unknown)): Promise<string> => {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    if (isNpyError(err)) return err.code;
    throw err;
  }
  return "no error";
};

describe("without allowPickle, every object array is refused with OBJECT_DTYPE, as today", () => {
  it.each(npy.filter((_, i) => i % 7 === 0))("%s", async (name) => {
    const bytes = readFixture(name);
    expect(await codeOf(() => parse(bytes))).toBe("OBJECT_DTYPE");
    expect(await codeOf(load(bytes))).toBe("OBJECT_DTYPE");
    expect(await codeOf(readNpy(streamOf(bytes)))).toBe("OBJECT_DTYPE");
  });

  it.each(npz)("%s", async (name) => {
    expect(await codeOf(loadNpz(readFixture(name)))).toBe("OBJECT_DTYPE");
  });

  it.each(hostile)("%s (never unpickled)", async (name) => {
    expect(await codeOf(() => parse(readFixture(name)))).toBe("OBJECT_DTYPE");
  });
});

describe("parse, load and readNpy with allowPickle read numpy's object arrays", () => {
  it.each(npy)("%s", async (name, fixture) => {
    const bytes = readFixture(name);
    const parsed = parse(bytes, { allowPickle: true });
    expect(parsed.version).toBe("1.0");
    expect(pyJson(parsed)).toEqual(fixture.json);
    expect(
      pyJson((await load(new Blob([bytes as Uint8Array<ArrayBuffer>]), { allowPickle: true })) as never),
    ).toEqual(fixture.json);
    expect(pyJson(await readNpy(streamOf(bytes, 13), { allowPickle: true }))).toEqual(fixture.json);
  });

  it.each(hostile)("%s gives its typed error", async (name, { code }) => {
    const bytes = readFixture(name);
    expect(await codeOf(() => parse(bytes, { allowPickle: true }))).toBe(code);
    expect(await codeOf(readNpy(streamOf(bytes, 64), { allowPickle: true }))).toBe(code);
  });

  it("a streamed pickle counts against maxBytes (its length is in no header)", async () => {
    const bytes = readFixture("npy/object-bytes-p4.npy");
    expect(await codeOf(readNpy(streamOf(bytes), { allowPickle: true, maxBytes: 100 }))).toBe(
      "LIMIT_EXCEEDED",
    );
  });

  it("passes the pickle bounds through", () => {
    const bytes = readFixture("npy/object-3d-p4.npy");
    expect(() => parse(bytes, { allowPickle: true, maxElements: 10 })).toThrow(
      expect.objectContaining({ code: "LIMIT_EXCEEDED" }),
    );
  });
});

describe("loadNpz and NpzReader with allowPickle", () => {
  it.each(npz)("%s", async (name, fixture) => {
    const bytes = readFixture(name);
    const arrays = await loadNpz(bytes, { allowPickle: true });
    expect(Object.fromEntries([...arrays].map(([k, a]) => [k, pyJson(a)]))).toEqual(fixture.members);
    const streamed = await loadNpz(streamOf(bytes, 100), { allowPickle: true });
    expect(Object.fromEntries([...streamed].map(([k, a]) => [k, pyJson(a)]))).toEqual(fixture.members);
    const reader = await NpzReader.open(bytes, { allowPickle: true });
    for (const key of Object.keys(fixture.members))
      expect(pyJson(await reader.get(key))).toEqual(fixture.members[key]);
  });
});

describe("file paths (npyio/node) with allowPickle", () => {
  it("readFile and load of a path read object arrays, and refuse them without the option", async () => {
    const path = `${fixturesDir}/npy/object-ragged-p5.npy`;
    const want = (expected.pickle["npy/object-ragged-p5.npy"] as PickleNpyFixture).json;
    expect(pyJson((await readFile(path, { allowPickle: true })) as never)).toEqual(want);
    expect(pyJson((await loadPath(path, { allowPickle: true })) as never)).toEqual(want);
    expect(await codeOf(readFile(path))).toBe("OBJECT_DTYPE");
    const npzPath = `${fixturesDir}/npz/object-protocols.npz`;
    const members = (await loadPath(npzPath, { allowPickle: true })) as Map<string, never>;
    const wantMembers = (expected.pickle["npz/object-protocols.npz"] as PickleNpzFixture).members;
    expect(Object.fromEntries([...members].map(([k, v]) => [k, pyJson(v)]))).toEqual(wantMembers);
  });
});

describe("load over HTTP with allowPickle", () => {
  const files: Record<string, Uint8Array> = {
    "/a.npy": readFixture("npy/object-mixed-p4.npy"),
    "/a.npz": readFixture("npz/object-savez-compressed.npz"),
  };
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = files[req.url ?? ""];
      if (!body) return void res.writeHead(404).end();
      const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
      if (!range) return void res.writeHead(200, { "content-length": body.length }).end(body);
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      res.writeHead(206, {
        "content-range": `bytes ${start}-${end}/${body.length}`,
        "content-length": end - start + 1,
      });
      res.end(body.subarray(start, end + 1));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("reads an object .npy and an object .npz from a URL", async () => {
    const a = await load(`${base}/a.npy`, { allowPickle: true });
    expect(pyJson(a as never)).toEqual((expected.pickle["npy/object-mixed-p4.npy"] as PickleNpyFixture).json);
    const z = (await load(`${base}/a.npz`, { allowPickle: true })) as Map<string, never>;
    const want = (expected.pickle["npz/object-savez-compressed.npz"] as PickleNpzFixture).members;
    expect(Object.fromEntries([...z].map(([k, v]) => [k, pyJson(v)]))).toEqual(want);
    expect(await codeOf(load(`${base}/a.npy`))).toBe("OBJECT_DTYPE");
  });
});
