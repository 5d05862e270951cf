/** Every numpy-written npz fixture reads to its expected members, by random access and as a stream. */
import { createHash } from "node:crypto";
import type { NpyArray } from "@npyio/dtype";
import { describe, expect, it } from "vitest";
import { expected, type NpzFixture, readFixture } from "../../../fixtures/index.js";
import { fflateCodec } from "../src/fflate-codec.js";
import { NpzDecoderStream, readNpzStream } from "../src/npz-decoder-stream.js";
import { NpzReader } from "../src/npz-reader.js";
import { canonical } from "./canonical.js";
import { chunked } from "./chunked.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const fixtures = Object.entries(expected.npz);

function expectArray(array: NpyArray, fixture: NpzFixture["members"][string]) {
  expect(array.shape).toEqual(fixture.shape);
  expect(array.fortranOrder).toBe(fixture.fortranOrder);
  expect(array.dtype.descr).toEqual(fixture.descr);
  expect(canonical(array.dtype, array.data)).toEqual(fixture.values);
}

function expectAll(got: Map<string, NpyArray | Uint8Array>, fx: NpzFixture) {
  const rawKeys = Object.keys(fx.raw ?? {});
  expect([...got.keys()].sort()).toEqual([...Object.keys(fx.members), ...rawKeys].sort());
  for (const [key, m] of Object.entries(fx.members)) expectArray(got.get(key) as NpyArray, m);
  for (const [name, bytes] of Object.entries(fx.raw ?? {}))
    expect(hex(got.get(name) as Uint8Array)).toBe(bytes);
}

describe.each(fixtures)("%s", (path, fx) => {
  const bytes = readFixture(path);

  it("lists numpy's keys and member sizes without inflating", async () => {
    const npz = await NpzReader.open(bytes);
    const keys = [...Object.keys(fx.members), ...Object.keys(fx.raw ?? {})];
    expect(npz.names().sort()).toEqual(keys.sort());
    for (const [key, m] of Object.entries(fx.members)) {
      expect(npz.entry(key).name).toBe(m.member);
      expect(npz.entry(m.member).key).toBe(key);
    }
  });

  it("reads every member by random access: bytes (sha256), header and array", async () => {
    const npz = await NpzReader.open(bytes);
    for (const [key, m] of Object.entries(fx.members)) {
      expect(sha256(await npz.bytes(key))).toBe(m.sha256);
      const header = await npz.header(key);
      expect(header.shape).toEqual(m.shape);
      expect(header.dataOffset).toBe(m.dataOffset);
      expectArray(await npz.get(key), m);
      expect(sha256(new Uint8Array(await new Response(npz.stream(key)).arrayBuffer()))).toBe(m.sha256);
    }
    expectAll(await npz.toMap(), fx);
  });

  it("reads the same with the fflate engine", async () => {
    expectAll(await (await NpzReader.open(bytes, { codec: fflateCodec })).toMap(), fx);
  });

  it.each([1, 7, 64, 4096, 1 << 20])("reads sequentially from a stream in %i-byte chunks", async (size) => {
    expectAll(await readNpzStream(chunked(bytes, size)), fx);
  });

  it("emits members in archive order as a stream, with the fflate engine too", async () => {
    const order: string[] = [];
    await chunked(bytes, 1000)
      .pipeThrough(new NpzDecoderStream({ codec: fflateCodec }))
      .pipeTo(new WritableStream({ write: (m) => void order.push(m.key) }));
    expect(order).toEqual((await NpzReader.open(bytes)).names());
  });
});

it("covers the fixture kinds the issue names", () => {
  const names = fixtures.map(([p]) => p).join(" ");
  for (const kind of [
    "savez.npz",
    "compressed",
    "positional",
    "empty",
    "300-members",
    "nonseekable",
    "non-npy",
  ]) {
    expect(names).toContain(kind);
  }
});
