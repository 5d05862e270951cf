/** open(): every random-access input gives the same reader; a URL is read by Range requests. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expected, fixturesDir, readFixture } from "../../../fixtures/index.js";
import { startServer, type TestServer } from "../../stream/test/http-server.js";
import { bytesSource, isNpyError, type NpyReader, NpzReader, open, openMember } from "../src/index.js";
import { open as openInNode } from "../src/index.node.js";

const name = "npy/i4-2d.npy"; // arange(12).reshape(3, 4), int32
const bytes = new Uint8Array(readFixture(name));
const values = expected.npy[name]!.values as string[];

let server: TestServer;
beforeAll(async () => {
  server = await startServer(fixturesDir);
});
afterAll(() => server.close());

/** a[:, 1] and a[::-1] of the fixture, by the reader. */
async function expectSlices(reader: NpyReader) {
  expect(reader.shape).toEqual([3, 4]);
  expect(reader.dtype.descr).toBe("<i4");
  const column = await reader.slice(null, 1);
  expect(Array.from(column.data as Int32Array, String)).toEqual([values[1], values[5], values[9]]);
  const reversed = await reader.slice("::-1");
  expect(Array.from(reversed.data as Int32Array, String)).toEqual([
    ...values.slice(8, 12),
    ...values.slice(4, 8),
    ...values.slice(0, 4),
  ]);
}

describe("open", () => {
  it.each([
    ["a Uint8Array", () => bytes],
    ["an ArrayBuffer", () => bytes.slice().buffer],
    ["a DataView", () => new DataView(bytes.buffer)],
    ["a Blob", () => new Blob([bytes])],
    ["a ByteSource", () => bytesSource(bytes)],
  ])("reads %s", async (_, input) => {
    await expectSlices(await open(input()));
  });

  it("reads a URL with Range requests: the header, then the slice's runs", async () => {
    server.reset();
    const reader = await open(server.url(name));
    await expectSlices(reader);
    // the 1 kB header read holds this small file whole, yet each slice asks only for its bytes
    expect(server.ranges[0]).toBe("bytes=0-1023");
    expect(server.ranges.length).toBe(1 + reader.plan(null, 1).requests + reader.plan("::-1").requests);
    await expectSlices(await open(new URL(server.url(name))));
  });

  it("in Node, opens a file path or a file: URL, and close() closes the file", async () => {
    const path = join(fixturesDir, name);
    const reader = await openInNode(path);
    await expectSlices(reader);
    await reader.close();
    await expect(reader.slice(0)).rejects.toSatisfy((e: unknown) => isNpyError(e, "IO_ERROR"));
    await using again = await openInNode(pathToFileURL(path));
    await expectSlices(again);
    // URLs still go over HTTP
    await expectSlices(await openInNode(server.url(name)));
  });

  it("refuses a Response or a stream, which cannot be read at an offset", async () => {
    const err = await open(new Response(bytes) as never).catch((e: unknown) => e);
    expect(err).toSatisfy((e: unknown) => isNpyError(e, "INVALID_ARGUMENT"));
  });

  it("opens a stored npz member through openMember", async () => {
    const npz = await NpzReader.open(new Blob([new Uint8Array(readFixture("npz/savez.npz"))]));
    const ints = await openMember(npz, "ints");
    expect((await ints.slice(-1)).shape).toEqual([3]);
  });
});
