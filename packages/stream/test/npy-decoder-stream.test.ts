import { concatData, type DType, decode, type NpyData, parseDescr } from "@npyio/dtype";
import { isNpyError, parseHeader } from "@npyio/header";
import { type NpyChunk, NpyDecoderStream, readNpy } from "@npyio/stream";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import {
  chunked,
  collect,
  float64Range,
  limitsFor,
  makeNpy,
  readableFixtures,
  type Split,
} from "./helpers.js";

const decodeWhole = decode as (dtype: DType, bytes: Uint8Array) => NpyData;

/** The array data of a fixture decoded in one piece: what every split must reproduce. */
function wholeData(name: string): { data: NpyData; count: number } {
  const bytes = readFixture(name);
  const h = parseHeader(bytes, limitsFor(name));
  const count = h.shape.reduce((a, b) => a * b, 1);
  return { data: decodeWhole(parseDescr(h.descr), bytes.slice(h.dataOffset)), count };
}

async function decodeSplit(name: string, split: Split, options = {}) {
  const { stream } = chunked(readFixture(name), split);
  const decoder = new NpyDecoderStream({ ...limitsFor(name), ...options });
  const chunks = await collect(stream.pipeThrough(decoder));
  return { chunks, header: await decoder.header };
}

describe("NpyDecoderStream: random chunk splits decode identically to the whole", () => {
  const splits: Split[] = [1, 3, 7, 4096, "random"];
  it.each(readableFixtures)("%s", async (name) => {
    const whole = wholeData(name);
    const fixture = expected.npy[name]!;
    for (const split of splits) {
      for (const chunkBytes of [24, undefined]) {
        const { chunks, header } = await decodeSplit(name, split, chunkBytes ? { chunkBytes } : {});
        expect(header.shape).toEqual(fixture.shape);
        expect(header.dataOffset).toBe(fixture.dataOffset);
        expect(chunks.length).toBeGreaterThan(0);
        let offset = 0;
        for (const chunk of chunks) {
          expect(chunk.offset).toBe(offset);
          expect(chunk.header.shape).toEqual(fixture.shape);
          offset += chunk.length;
        }
        expect(offset).toBe(header.dtype.itemsize === 0 ? 0 : whole.count);
        expect(
          concatData(
            header.dtype,
            chunks.map((c) => c.data),
          ),
        ).toEqual(whole.data);
      }
    }
  });
});

describe("NpyDecoderStream chunks", () => {
  it("holds whole rows with { rows: true }", async () => {
    const name = "npy/f8-3d.npy"; // shape (2, 3, 4)
    for (const split of [1, 5, 4096] as Split[]) {
      const { chunks } = await decodeSplit(name, split, { rows: true, chunkBytes: 100 });
      expect(chunks.map((c) => c.length)).toEqual([12, 12]);
    }
  });

  it("cuts a 64 MiB input chunk into chunks of at most chunkBytes, all values in place", async () => {
    const n = 8 << 20; // 64 MiB of <f8
    const file = makeNpy("<f8", [n], float64Range(n));
    const { stream } = chunked(file, file.length);
    let count = 0;
    let biggest = 0;
    let ok = true;
    const reader = stream.pipeThrough(new NpyDecoderStream({ chunkBytes: 1 << 20 })).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      const data = r.value.data as Float64Array;
      biggest = Math.max(biggest, data.byteLength);
      ok &&= data[0] === r.value.offset && data[data.length - 1] === r.value.offset + data.length - 1;
      count += r.value.length;
    }
    expect(count).toBe(n);
    expect(biggest).toBe(1 << 20);
    expect(ok).toBe(true);
  });

  it("decodes long runs inside an input chunk in place (a view of it), short ones into a copy", async () => {
    const n = 1 << 15; // 256 kB of <f8
    const file = makeNpy("<f8", [n], float64Range(n));
    const input = file.slice();
    const chunks = await collect(
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(input.subarray(0, 1000)); // the header and a few elements
          c.enqueue(input.subarray(1000)); // the rest: aligned runs decode in place
          c.close();
        },
      }).pipeThrough(new NpyDecoderStream({ chunkBytes: 1 << 16 })),
    );
    const views = chunks.filter((c) => (c.data as Float64Array).buffer === input.buffer);
    expect(views.length).toBeGreaterThan(0);
    expect(chunks.reduce((k, c) => k + c.length, 0)).toBe(n);
    const all = new Float64Array(n);
    for (const c of chunks) all.set(c.data as Float64Array, c.offset);
    expect(all).toEqual(new Float64Array(float64Range(n).buffer));
  });

  it("emits one empty chunk for an empty array, so the header reaches the next stage", async () => {
    const { chunks } = await decodeSplit("npy/f4-empty.npy", 3);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.length).toBe(0);
  });

  it("resolves the header promise before any data has arrived", async () => {
    const file = makeNpy("<f8", [4], float64Range(4));
    const decoder = new NpyDecoderStream();
    const writer = decoder.writable.getWriter();
    void writer.write(file.slice(0, 128));
    const header = await decoder.header;
    expect(header.shape).toEqual([4]);
    expect(header.dtype.descr).toBe("<f8");
    void writer.abort();
  });
});

describe("NpyDecoderStream errors", () => {
  const hostile = Object.entries(expected.hostile).filter(([name]) => name.endsWith(".npy"));
  it.each(hostile)("%s fails with its code, whole or byte by byte", async (name, { code }) => {
    for (const split of [1, 1 << 20]) {
      const decoder = new NpyDecoderStream();
      const err = await collect(chunked(readFixture(name), split).stream.pipeThrough(decoder)).catch(
        (e) => e,
      );
      expect(err).toSatisfy((e: unknown) => isNpyError(e, code));
      if (code === "TRUNCATED") expect((err as Error).message).toMatch(/\d+/);
    }
  });

  it("fails with TRUNCATED saying bytes expected and got", async () => {
    const file = makeNpy("<f8", [10], float64Range(10));
    const err = await collect(
      chunked(file.subarray(0, file.length - 12), 7).stream.pipeThrough(new NpyDecoderStream()),
    ).catch((e) => e);
    expect(isNpyError(err, "TRUNCATED")).toBe(true);
    expect((err as Error).message).toContain("expected 80 bytes of array data, found 68");
  });

  it("fails with TRAILING_DATA for bytes after the data, unless allowTrailing", async () => {
    const good = makeNpy("<f8", [3], float64Range(3));
    const file = new Uint8Array(good.length + 5);
    file.set(good);
    const err = await collect(chunked(file, 4).stream.pipeThrough(new NpyDecoderStream())).catch((e) => e);
    expect(isNpyError(err, "TRAILING_DATA")).toBe(true);
    const chunks = await collect(
      chunked(file, 4).stream.pipeThrough(new NpyDecoderStream({ allowTrailing: true })),
    );
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(3);
  });

  it("fails with LIMIT_EXCEEDED over maxBytes, before reading the data", async () => {
    const file = makeNpy("<f8", [100], float64Range(100));
    const { stream, log } = chunked(file, 128);
    const err = await collect(stream.pipeThrough(new NpyDecoderStream({ maxBytes: 799 }))).catch((e) => e);
    expect(isNpyError(err, "LIMIT_EXCEEDED")).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(log.cancelled).toBe(true);
    expect(log.pulls).toBe(1);
  });

  it("fails with TRUNCATED for a huge declared row over a tiny body, without allocating the row", async () => {
    const file = makeNpy("<f8", [1, 2 ** 40], float64Range(10));
    const err = await collect(
      chunked(file, 3).stream.pipeThrough(new NpyDecoderStream({ rows: true })),
    ).catch((e) => e);
    expect(isNpyError(err, "TRUNCATED")).toBe(true);
  });

  it("a 1.0 header shorter than the 12-byte preamble fails as parseHeader says, however it is split", async () => {
    // fuzz finding: length field 0, so the header ends at byte 10, inside the 2.0 preamble
    const bytes = readFixture("hostile/fuzz/header-length-0-streamed.npy");
    const sync = (() => {
      try {
        parseHeader(bytes);
      } catch (err) {
        return err as Error;
      }
    })();
    expect(isNpyError(sync, "HEADER_SYNTAX")).toBe(true);
    const inParts = (...cuts: number[]) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (const [i, at] of [0, ...cuts].entries()) c.enqueue(bytes.slice(at, cuts[i] ?? bytes.length));
          c.close();
        },
      });
    for (let a = 1; a < 16; a++) {
      for (let b = a; b <= 16; b++) {
        const decoded = await collect(inParts(a, b).pipeThrough(new NpyDecoderStream())).catch((e) => e);
        const read = await readNpy(inParts(a, b)).catch((e) => e);
        for (const err of [decoded, read]) {
          expect(isNpyError(err, "HEADER_SYNTAX"), `chunks at ${a}, ${b}: ${String(err)}`).toBe(true);
          expect((err as Error).message).toBe(sync!.message);
        }
      }
    }
  });

  it("rejects the header promise when the header is bad", async () => {
    const decoder = new NpyDecoderStream();
    const done = collect(chunked(readFixture("hostile/bad-magic-text.npy"), 2).stream.pipeThrough(decoder));
    await expect(decoder.header).rejects.toSatisfy((e) => isNpyError(e, "BAD_MAGIC"));
    await expect(done).rejects.toSatisfy((e) => isNpyError(e, "BAD_MAGIC"));
  });
});

describe("NpyDecoderStream abort and backpressure", () => {
  const file = makeNpy("<f8", [4096], float64Range(4096));

  it("abort mid-stream errors with ABORTED and cancels the source", async () => {
    const controller = new AbortController();
    const { stream, log } = chunked(file, 1000);
    const reader = stream
      .pipeThrough(new NpyDecoderStream({ signal: controller.signal, chunkBytes: 800 }))
      .getReader();
    const first = await reader.read();
    expect(first.value?.offset).toBe(0);
    controller.abort();
    await expect(reader.read()).rejects.toSatisfy((e) => isNpyError(e, "ABORTED"));
    await new Promise((r) => setTimeout(r, 0));
    expect(log.cancelled).toBe(true);
    expect(isNpyError(log.reason, "ABORTED")).toBe(true);
  });

  it("aborting a pipe's signal cancels the source too", async () => {
    const controller = new AbortController();
    const { stream, log } = chunked(file, 1000);
    const chunks: NpyChunk[] = [];
    const done = stream.pipeThrough(new NpyDecoderStream({ chunkBytes: 800 })).pipeTo(
      new WritableStream({
        write(chunk) {
          chunks.push(chunk);
          if (chunks.length === 2) controller.abort();
        },
      }),
      { signal: controller.signal },
    );
    await expect(done).rejects.toBeDefined();
    expect(log.cancelled).toBe(true);
    expect(chunks.length).toBeLessThan(4096 / 100);
  });

  it("pulls from the source only as the consumer reads (backpressure)", async () => {
    const { stream, log } = chunked(file, 100);
    const reader = stream.pipeThrough(new NpyDecoderStream({ chunkBytes: 800 })).getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    const settled = log.pulls;
    await new Promise((r) => setTimeout(r, 20));
    // a few chunks wait in the queues between the stages; the rest of the 330 pulls do not happen
    expect(log.pulls).toBe(settled);
    expect(settled).toBeLessThan(40);
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    expect(log.pulls).toBeGreaterThan(settled);
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 0));
    expect(log.cancelled).toBe(true);
  });
});

describe("NpyDecoderStream option checks", () => {
  it("rejects a bad chunkBytes with INVALID_ARGUMENT", () => {
    expect(() => new NpyDecoderStream({ chunkBytes: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("decodes big-endian data to native order, matching numpy's values", async () => {
    const { chunks } = await decodeSplit("npy/f8-be.npy", 5, { chunkBytes: 8 });
    const bits = chunks.map((c) => {
      const view = new DataView(new Float64Array(c.data as Float64Array).buffer);
      return `0x${view.getBigUint64(0, true).toString(16).padStart(16, "0")}`;
    });
    expect(bits).toEqual(expected.npy["npy/f8-be.npy"]!.values);
  });
});
