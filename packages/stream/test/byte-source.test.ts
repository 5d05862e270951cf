import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isNpyError } from "@npyio/header";
import { type ByteSource, blobSource, bytesSource, sourceReadable } from "@npyio/stream";
import { fileSource } from "@npyio/stream/node";
import { afterAll, describe, expect, it } from "vitest";
import { collect, joinBytes } from "./helpers.js";

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
const dir = mkdtempSync(join(tmpdir(), "npyio-stream-src-"));
const path = join(dir, "bytes.bin");
writeFileSync(path, bytes);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** All the bytes of a stream, in one buffer. */
const collectBytes = async (stream: ReadableStream<Uint8Array>) => joinBytes(await collect(stream));

const kinds: [string, () => Promise<ByteSource & { close?: () => Promise<void> }>][] = [
  ["bytesSource", async () => bytesSource(bytes)],
  ["bytesSource (ArrayBuffer)", async () => bytesSource(bytes.slice().buffer)],
  ["blobSource", async () => blobSource(new Blob([bytes]))],
  ["fileSource (path)", () => fileSource(path)],
];

describe.each(kinds)("%s", (_name, make) => {
  it("knows its size and reads exact ranges", async () => {
    const source = await make();
    expect(source.size).toBe(1000);
    expect(await source.read(10, 5)).toEqual(bytes.slice(10, 15));
    expect(await source.read(0, 1000)).toEqual(bytes);
    await source.close?.();
  });

  it("reads short at the end and empty past it", async () => {
    const source = await make();
    expect(await source.read(990, 100)).toEqual(bytes.slice(990));
    expect((await source.read(2000, 10)).length).toBe(0);
    await source.close?.();
  });

  it("rejects bad offsets and lengths with INVALID_ARGUMENT", async () => {
    const source = await make();
    for (const [o, l] of [
      [-1, 1],
      [0, -1],
      [1.5, 1],
      [0, Number.NaN],
    ] as const) {
      await expect(source.read(o, l)).rejects.toSatisfy((e) => isNpyError(e, "INVALID_ARGUMENT"));
    }
    await source.close?.();
  });

  it("rejects with ABORTED for an aborted signal", async () => {
    const source = await make();
    const signal = AbortSignal.abort();
    await expect(source.read(0, 1, { signal })).rejects.toSatisfy((e) => isNpyError(e, "ABORTED"));
    await source.close?.();
  });

  it("streams through sourceReadable in chunks, any range", async () => {
    const source = await make();
    expect(await collectBytes(sourceReadable(source, { chunkSize: 7 }))).toEqual(bytes);
    expect(await collectBytes(sourceReadable(source, { start: 100, end: 333, chunkSize: 50 }))).toEqual(
      bytes.slice(100, 333),
    );
    await source.close?.();
  });
});

describe("fileSource", () => {
  it("leaves a handle it was given open", async () => {
    const handle = await open(path, "r");
    const source = await fileSource(handle);
    await source.close();
    const { bytesRead } = await handle.read(new Uint8Array(4), 0, 4, 0);
    expect(bytesRead).toBe(4);
    await handle.close();
  });

  it("fails with IO_ERROR for a missing file", async () => {
    await expect(fileSource(join(dir, "missing.npy"))).rejects.toSatisfy((e) => isNpyError(e, "IO_ERROR"));
  });
});

describe("sourceReadable", () => {
  it("reads only as fast as it is consumed (one read per pull)", async () => {
    let reads = 0;
    const inner = bytesSource(bytes);
    const counting: ByteSource = {
      size: inner.size,
      read: (o, l, opts) => {
        reads++;
        return inner.read(o, l, opts);
      },
    };
    const reader = sourceReadable(counting, { chunkSize: 10 }).getReader();
    await reader.read();
    await reader.read();
    await new Promise((r) => setTimeout(r, 10));
    expect(reads).toBe(2);
    await reader.cancel();
  });

  it("aborts the read in flight when cancelled", async () => {
    let seen: AbortSignal | undefined;
    const hanging: ByteSource = {
      read: (_o, _l, opts) => {
        seen = opts?.signal;
        return new Promise(() => {});
      },
    };
    const reader = sourceReadable(hanging).getReader();
    void reader.read();
    await new Promise((r) => setTimeout(r, 0));
    await reader.cancel("stop");
    expect(seen?.aborted).toBe(true);
  });
});
