// The contract of every long operation (STYLE.md, issue #16): progress as bytes move, ABORTED at
// any point (before the start, in the middle of the data, in the middle of a deflate or inflate),
// a stalled upstream or an unread output never holding an abort back, and nothing left on disk.
// No timing is asserted here: the abort-to-rejection latency is a bench/ row.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ByteSource, ProgressInfo } from "@npyio/stream";
import { afterAll, describe, expect, it } from "vitest";
import { expectCode } from "../../../fixtures/expect-code.js";
import { noisyBytes } from "../../../fixtures/noisy-bytes.js";
import { fflateCodec } from "../src/fflate.js";
import { NpzReader, NpzWriter, saveNpz } from "../src/index.js";
import { nodeCodec, saveNpzAsync, writeNpzFile } from "../src/node.js";
import { NpzDecoderStream, readNpzStream } from "../src/stream.js";
import { defaultCodec } from "../src/web-codec.js";
import { METHOD_STORED } from "../src/zip-format.js";
import { zipWriter } from "../src/zip-writer.js";
import { chunked } from "./chunked.js";

const dir = mkdtempSync(join(tmpdir(), "npz-abort-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const big = { data: noisyBytes(6 << 20), shape: [6 << 20] };
const small = { data: new Float64Array([1, 2, 3]) };
const archive = saveNpz({ small, big }, { compress: true });

/** Byte equality without vitest's element-by-element diff (slow on megabytes). */
const same = (a: ArrayBufferView, b: ArrayBufferView) =>
  expect(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ),
  ).toBe(true);

/** Checks a progress log: counts only grow, and the last equals its total (when `total` is given). */
function checkProgress(log: ProgressInfo[], total?: number) {
  expect(log.length).toBeGreaterThan(0);
  for (let i = 1; i < log.length; i++) expect(log[i]!.loaded).toBeGreaterThanOrEqual(log[i - 1]!.loaded);
  if (total !== undefined) expect(log.at(-1)).toEqual({ loaded: total, total });
}

/**
 * A source over `bytes` whose reads after the first `good` never resolve: a stalled server. The
 * stalling read aborts `controller`, so the abort lands while the read is pending.
 */
function stallingSource(bytes: Uint8Array, good: number, controller: AbortController): ByteSource {
  let reads = 0;
  return {
    size: bytes.length,
    read(offset, length) {
      if (++reads > good) {
        controller.abort();
        return new Promise(() => {});
      }
      return Promise.resolve(bytes.subarray(offset, offset + length));
    },
  };
}

describe("NpzReader: progress and abort", () => {
  it("open reports the tail it read; get, stream and toMap report compressed bytes up to their total", async () => {
    const log: ProgressInfo[] = [];
    const npz = await NpzReader.open(archive, { onProgress: (p) => log.push(p) });
    expect(log).toHaveLength(1);
    expect(log[0]!.loaded).toBe(log[0]!.total);
    const entry = npz.entry("big");

    const got: ProgressInfo[] = [];
    const a = await npz.get("big", { onProgress: (p) => got.push(p) });
    same(a.data as Uint8Array, big.data);
    checkProgress(got, entry.compressedSize);
    expect(got.length).toBeGreaterThan(1); // read in chunks, not in one piece

    const streamed: ProgressInfo[] = [];
    await new Response(npz.stream("big", { onProgress: (p) => streamed.push(p) })).arrayBuffer();
    checkProgress(streamed, entry.compressedSize);

    const all: ProgressInfo[] = [];
    const map = await npz.toMap({ onProgress: (p) => all.push(p) });
    expect(map.size).toBe(2);
    checkProgress(
      all,
      npz.entries().reduce((n, e) => n + e.compressedSize, 0),
    );
  });

  it("an aborted signal before the start rejects open, get, bytes, stream and toMap with ABORTED", async () => {
    const signal = AbortSignal.abort();
    await expectCode(NpzReader.open(archive, { signal }));
    const npz = await NpzReader.open(archive);
    await expectCode(npz.get("big", { signal }));
    await expectCode(npz.bytes("small", { signal }));
    await expectCode(npz.toMap({ signal }));
    await expectCode(new Response(npz.stream("big", { signal })).arrayBuffer());
  });

  it("an abort while a read of the source stalls rejects get and stream with ABORTED", async () => {
    const controller = new AbortController();
    const npz = await NpzReader.open(stallingSource(archive, 4, controller), { chunkSize: 64 << 10 });
    await expectCode(npz.get("big", { signal: controller.signal }));
    const again = new AbortController();
    const npz2 = await NpzReader.open(stallingSource(archive, 4, again), { chunkSize: 64 << 10 });
    await expectCode(new Response(npz2.stream("big", { signal: again.signal })).arrayBuffer());
  });

  for (const codec of [fflateCodec, nodeCodec, defaultCodec()]) {
    it(`an abort mid-inflate (${codec.name}) rejects get with ABORTED before the member is done`, async () => {
      const npz = await NpzReader.open(archive, { codec, chunkSize: 64 << 10 });
      const controller = new AbortController();
      const log: ProgressInfo[] = [];
      await expectCode(
        npz.get("big", {
          signal: controller.signal,
          onProgress: (p) => {
            log.push(p);
            controller.abort(); // after the first chunk went into the inflater
          },
        }),
      );
      expect(log.length).toBeLessThan(Math.ceil(npz.entry("big").compressedSize / (64 << 10)));
    });
  }
});

describe("NpzDecoderStream: progress and abort", () => {
  it("reports the archive bytes read", async () => {
    const log: ProgressInfo[] = [];
    const map = await readNpzStream(chunked(archive, 1 << 20), { onProgress: (p) => log.push(p) });
    expect(map.size).toBe(2);
    checkProgress(log);
    expect(log.at(-1)!.loaded).toBe(archive.length);
  });

  it("an aborted signal before the start rejects with ABORTED", async () => {
    await expectCode(readNpzStream(chunked(archive, 1 << 20), { signal: AbortSignal.abort() }));
  });

  it("an abort while the upstream stalls errors the stream with ABORTED", async () => {
    const controller = new AbortController();
    let sent = 0;
    const stalled = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > 0) {
          controller.abort();
          return new Promise(() => {}); // never more
        }
        c.enqueue(archive.subarray(0, 1 << 20));
        sent++;
      },
    });
    await expectCode(readNpzStream(stalled, { signal: controller.signal }));
  });

  it("an abort mid-inflate rejects with ABORTED", async () => {
    const controller = new AbortController();
    await expectCode(
      readNpzStream(chunked(archive, 256 << 10), {
        signal: controller.signal,
        codec: fflateCodec,
        onProgress: () => controller.abort(),
      }),
    );
  });
});

describe("NpzWriter, saveNpzAsync, writeNpzFile: progress and abort", () => {
  it("NpzWriter reports the archive bytes written, ending at the archive's length", async () => {
    const log: ProgressInfo[] = [];
    const npz = new NpzWriter({ compress: true, onProgress: (p) => log.push(p) });
    const done = new Response(npz.readable).arrayBuffer();
    await Promise.all([npz.add("small", small), npz.add("big", big), npz.close()]);
    const bytes = await done;
    checkProgress(log);
    expect(log.at(-1)).toEqual({ loaded: bytes.byteLength, total: undefined });
  });

  it("an aborted signal before the start rejects add and errors readable with ABORTED", async () => {
    const npz = new NpzWriter({ signal: AbortSignal.abort() });
    await expectCode(npz.add("small", small));
    await expectCode(new Response(npz.readable).arrayBuffer());
  });

  it("abort() rejects a pending add although nobody reads readable", async () => {
    const npz = new NpzWriter({ compress: true });
    const adding = npz.add("big", big);
    await npz.abort();
    await expectCode(adding);
  });

  it("an abort while a streamed member's upstream stalls rejects addStream with ABORTED", async () => {
    const controller = new AbortController();
    const npz = new NpzWriter({ compress: true, signal: controller.signal });
    void new Response(npz.readable).arrayBuffer().catch(() => {});
    let sent = 0;
    const stalled = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ > 0) {
          controller.abort();
          return new Promise(() => {});
        }
        c.enqueue(noisyBytes(1 << 20));
      },
    });
    await expectCode(npz.addStream("s", stalled));
  });

  for (const codec of [fflateCodec, nodeCodec, defaultCodec()]) {
    it(`an abort mid-deflate (${codec.name}) rejects add and close with ABORTED`, async () => {
      const controller = new AbortController();
      const npz = new NpzWriter({
        compress: true,
        codec,
        signal: controller.signal,
        onProgress: () => controller.abort(), // the first bytes out: "big" is still deflating
      });
      const out = new Response(npz.readable).arrayBuffer();
      const adds = [npz.add("small", small), npz.add("big", big), npz.close()];
      for (const p of adds) await expectCode(p);
      await expectCode(out);
    });
  }

  it("saveNpzAsync reports progress up to its output and rejects with ABORTED when aborted", async () => {
    const log: ProgressInfo[] = [];
    const bytes = await saveNpzAsync({ small, big }, { compress: true, onProgress: (p) => log.push(p) });
    expect(log.at(-1)!.loaded).toBe(bytes.length);
    await expectCode(saveNpzAsync({ small }, { signal: AbortSignal.abort() }));
    const controller = new AbortController();
    await expectCode(
      saveNpzAsync(
        { small, big },
        { compress: true, signal: controller.signal, onProgress: () => controller.abort() },
      ),
    );
  });

  it("writeNpzFile reports progress up to the file's size and leaves nothing on disk when aborted", async () => {
    const path = join(dir, "out.npz");
    const log: ProgressInfo[] = [];
    await writeNpzFile(path, { small, big }, { compress: true, onProgress: (p) => log.push(p) });
    const npz = await NpzReader.open(new Uint8Array(await (await import("node:fs/promises")).readFile(path)));
    same((await npz.get("big")).data as Uint8Array, big.data);
    expect(log.at(-1)!.loaded).toBe(npz.entries().length ? (await import("node:fs")).statSync(path).size : 0);
    rmSync(path);

    await expectCode(writeNpzFile(path, { small }, { signal: AbortSignal.abort() }));
    expect(readdirSync(dir)).toEqual([]);

    for (const abortAt of [1, 3]) {
      // 1: after the first member's bytes (mid-deflate of "big"); 3: in the middle of "big"'s data
      const controller = new AbortController();
      let calls = 0;
      await expectCode(
        writeNpzFile(
          path,
          { small, big },
          {
            compress: abortAt === 1,
            signal: controller.signal,
            onProgress: () => {
              if (++calls === abortAt) controller.abort();
            },
          },
        ),
      );
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});

describe("sizes past one typed array: TOO_LARGE, never a RangeError or a huge buffer", () => {
  const N = 2 ** 32 + 16; // past Node 20's 4 GiB typed array limit
  const zip = zipWriter(false);
  zip.claim("huge.npy");
  const head = zip.begin("huge.npy", METHOD_STORED, { crc32: 0, compressedSize: N, size: N });
  zip.end(0, N, N);
  const tail = zip.finish();
  const size = head.length + N + tail.length;
  /** A zip64 archive of 4 GiB + 16 bytes that exists only as its records: the data reads as zeros. */
  const reads: [number, number][] = [];
  const virtual: ByteSource = {
    size,
    async read(offset, length) {
      reads.push([offset, length]);
      const n = Math.max(0, Math.min(length, size - offset));
      // a reader that tried to buffer the member would ask for gigabytes here
      if (n > 64 << 20) throw new Error(`the test source refuses a read of ${n} bytes`);
      const out = new Uint8Array(n);
      for (const [at, part] of [
        [0, head],
        [head.length + N, tail],
      ] as const) {
        const from = Math.max(offset, at);
        const to = Math.min(offset + n, at + part.length);
        if (from < to) out.set(part.subarray(from - at, to - at), from - offset);
      }
      return out;
    },
  };

  it("NpzReader.get and bytes refuse the member before reading its data; stream() still reads it", async () => {
    const npz = await NpzReader.open(virtual);
    expect(npz.entry("huge").size).toBe(N);
    reads.length = 0;
    const err = await expectCode(npz.get("huge"), "TOO_LARGE");
    expect((err as Error).message).toMatch(/stream\(\)/);
    await expectCode(npz.bytes("huge", { signal: new AbortController().signal }), "TOO_LARGE");
    expect(reads).toEqual([]);
    const reader = npz.stream("huge").getReader();
    expect((await reader.read()).value!.length).toBeGreaterThan(0);
    await reader.cancel();
  });

  it("NpzDecoderStream refuses it at its local header, having buffered none of it", async () => {
    let pulled = 0;
    const input = new ReadableStream<Uint8Array>({
      pull(c) {
        // the local header, then zeros: at most a few chunks are ever asked for
        c.enqueue(pulled++ === 0 ? head : new Uint8Array(1 << 20));
      },
    });
    await expectCode(readNpzStream(input), "TOO_LARGE");
    expect(pulled).toBeLessThan(4);
  });
});

describe("bounded compression: every codec's streams emit output before their input ends", () => {
  for (const codec of [fflateCodec, nodeCodec, defaultCodec()]) {
    it(`${codec.name}: deflateStream and inflateStream hand out bytes while input is still open`, async () => {
      const input = noisyBytes(8 << 20, 3);
      const deflater = codec.deflateStream(6);
      const writer = deflater.writable.getWriter();
      const reader = deflater.readable.getReader();
      // 8 MiB in, the writable still open: a codec that held everything until close would hang here
      const pending = (async () => {
        for (let i = 0; i < input.length; i += 64 << 10)
          await writer.write(input.subarray(i, i + (64 << 10)));
      })();
      const first = await reader.read();
      expect(first.done).toBe(false);
      expect(first.value!.length).toBeGreaterThan(0);
      const rest: Uint8Array[] = [first.value!];
      const drained = (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(r.value);
      })();
      await pending;
      await writer.close();
      await drained;
      const compressed = new Uint8Array(await new Blob(rest as BlobPart[]).arrayBuffer());

      const inflater = codec.inflateStream(input.length);
      const iw = inflater.writable.getWriter();
      const ir = inflater.readable.getReader();
      void iw.write(compressed.subarray(0, compressed.length >> 1)).catch(() => {});
      const out = await ir.read();
      expect(out.value!.length).toBeGreaterThan(0); // before the second half was written
      const back = [out.value!];
      const more = (async () => {
        for (let r = await ir.read(); !r.done; r = await ir.read()) back.push(r.value);
      })();
      await iw.write(compressed.subarray(compressed.length >> 1));
      await iw.close();
      await more;
      same(new Uint8Array(await new Blob(back as BlobPart[]).arrayBuffer()), input);
    });
  }
});

it("NpzDecoderStream is exported for the abort tests' stream form too", () => {
  expect(new NpzDecoderStream()).toBeInstanceOf(TransformStream);
});
