/** Random access reads only what it needs: the tail, then each member's header and bytes. */

import { parseDescr } from "@npyio/dtype";
import type { ByteSource } from "@npyio/stream";
import { bytesSource } from "@npyio/stream";
import { describe, expect, it } from "vitest";
import { NpzReader } from "../src/npz-reader.js";
import { saveNpz } from "../src/save-npz.js";
import { serializeZip } from "../src/serialize-zip.js";

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** A source that records every read, and learns its size only from its first read (like HTTP). */
function recording(bytes: Uint8Array, knowsSize = true) {
  const inner = bytesSource(bytes);
  const reads: Array<[offset: number, length: number]> = [];
  const source: ByteSource & { size?: number } = {
    size: knowsSize ? bytes.length : undefined,
    async read(offset, length, options) {
      reads.push([offset, length]);
      source.size = bytes.length;
      return inner.read(offset, length, options);
    },
  };
  return { source, reads };
}

describe("reads", () => {
  // three 1 MB members and a big tail gap: the archive is far larger than one tail read
  const big = new Uint8Array(1 << 20).map((_, i) => i % 251);
  const zip = serializeZip(
    ["a", "b", "c"].map((k) => ({ name: `${k}.npy`, data: big })),
    { compress: false },
  );

  it("opening reads only the tail; a member read touches only that member", async () => {
    const { source, reads } = recording(zip);
    const npz = await NpzReader.open(source);
    expect(reads).toHaveLength(1);
    expect(reads[0]![0]).toBeGreaterThan(zip.length - 70_000);
    reads.length = 0;
    const b = await npz.bytes("b");
    expect(same(b, big)).toBe(true);
    const e = npz.entry("b");
    for (const [offset, length] of reads) {
      expect(offset).toBeGreaterThanOrEqual(e.localHeaderOffset);
      expect(offset + length).toBeLessThanOrEqual(e.localHeaderOffset + 30 + 5 + e.compressedSize + 512);
    }
    expect(reads.length).toBeLessThanOrEqual(2);
  });

  it("header() reads a small prefix of a big member", async () => {
    const noise = Float64Array.from({ length: 1 << 17 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453);
    const array = { dtype: parseDescr("<f8"), shape: [1 << 17], fortranOrder: false, data: noise };
    const { source, reads } = recording(saveNpz({ small: array, big: array }, { compress: true }));
    const npz = await NpzReader.open(source);
    reads.length = 0;
    expect((await npz.header("big")).shape).toEqual([1 << 17]);
    const total = reads.reduce((n, [, l]) => n + l, 0);
    expect(npz.entry("big").compressedSize).toBeGreaterThan(500_000);
    expect(total).toBeLessThanOrEqual(16384 + 30 + 512 + 8);
  });

  it("a source that learns its size on first read (HTTP) opens", async () => {
    const { source } = recording(zip, false);
    const npz = await NpzReader.open(source);
    expect(npz.names()).toEqual(["a", "b", "c"]);
  });

  it("stream() reads in chunkSize pieces and matches bytes()", async () => {
    const { source, reads } = recording(zip);
    const npz = await NpzReader.open(source, { chunkSize: 100_000 });
    reads.length = 0;
    const streamed = new Uint8Array(await new Response(npz.stream("c")).arrayBuffer());
    expect(same(streamed, big)).toBe(true);
    expect(reads.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...reads.map(([, l]) => l))).toBeLessThanOrEqual(100_000 + 30 + 512 + 5);
  });
});
