import { type DType, decode, type NpyData, parseDescr } from "@npyio/dtype";
import { isNpyError, parseHeader } from "@npyio/header";
import { type ProgressInfo, readNpy } from "@npyio/stream";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { chunked, float64Range, limitsFor, makeNpy, readableFixtures } from "./helpers.js";

const decodeWhole = decode as (dtype: DType, bytes: Uint8Array) => NpyData;

function wholeData(name: string): NpyData {
  const bytes = readFixture(name);
  const h = parseHeader(bytes, limitsFor(name));
  return decodeWhole(parseDescr(h.descr), bytes.slice(h.dataOffset));
}

describe("readNpy reads every fixture from every kind of source", () => {
  const sources: [string, (bytes: Uint8Array, name: string) => Parameters<typeof readNpy>[0]][] = [
    ["Uint8Array", (b) => b],
    ["ArrayBuffer", (b) => b.slice().buffer],
    ["Blob", (b) => new Blob([b.slice()])],
    ["ReadableStream (3-byte chunks)", (b) => chunked(b, 3).stream],
    ["ReadableStream (random chunks)", (b) => chunked(b, "random").stream],
    ["Response", (b) => new Response(b.slice())],
  ];
  it.each(readableFixtures)("%s", async (name) => {
    const fixture = expected.npy[name]!;
    const bytes = readFixture(name);
    const want = wholeData(name);
    for (const [, make] of sources) {
      const array = await readNpy(make(bytes, name), limitsFor(name));
      expect(array.shape).toEqual(fixture.shape);
      expect(array.fortranOrder).toBe(fixture.fortranOrder);
      expect(array.data).toEqual(want);
    }
  });
});

describe("readNpy memory", () => {
  const n = 1 << 16;
  const file = makeNpy("<f8", [n], float64Range(n));

  it("fills one buffer of exactly the data size when the length is known (Blob)", async () => {
    const { data } = await readNpy(new Blob([file.slice()]));
    expect(data).toBeInstanceOf(Float64Array);
    expect((data as Float64Array).buffer.byteLength).toBe(n * 8);
    expect((data as Float64Array)[n - 1]).toBe(n - 1);
  });

  it("ends with one buffer of exactly the data size from a stream of unknown length", async () => {
    const { data } = await readNpy(chunked(file, 1000).stream);
    expect((data as Float64Array).buffer.byteLength).toBe(n * 8);
    expect((data as Float64Array)[12345]).toBe(12345);
  });

  it("decodes bytes in memory without a copy", async () => {
    const { data } = await readNpy(file);
    expect((data as Float64Array).buffer).toBe(file.buffer);
  });

  for (const [kind, make] of [
    ["Blob", (b: Uint8Array) => new Blob([b.slice()])],
    [
      "Response with Content-Length",
      (b: Uint8Array) => new Response(b.slice(), { headers: { "content-length": `${b.length}` } }),
    ],
  ] as const) {
    it(`fails with TRUNCATED for a header declaring 8 TB over a tiny body (${kind}), without the allocation`, async () => {
      const hostile = makeNpy("<f8", [2 ** 40], float64Range(10));
      const err = await readNpy(make(hostile)).catch((e: unknown) => e);
      // allocating 8 TB would throw a RangeError instead
      expect(isNpyError(err, "TRUNCATED")).toBe(true);
      expect((err as Error).message).toMatch(/expected 8796093022208 bytes of array data, found 80;/);
    });
  }

  it("refuses 8 TB declared by a stream of unknown length with TOO_LARGE, before holding any data", async () => {
    const hostile = makeNpy("<f8", [2 ** 40], float64Range(10));
    const err = await readNpy(chunked(hostile, 7).stream).catch((e: unknown) => e);
    expect(isNpyError(err, "TOO_LARGE")).toBe(true);
    expect((err as Error).message).toMatch(/8796093022208 bytes.*stream\(\)/);
  });
});

describe("readNpy of a stream of unknown length", () => {
  it("allocates a few times what arrived, not what a header declares (2 GiB over 1 MiB: TRUNCATED)", async () => {
    const body = new Uint8Array(1 << 20);
    const hostile = makeNpy("<f8", [2 ** 28], body);
    let peak = 0;
    const before = process.memoryUsage().arrayBuffers;
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
        if (at >= hostile.length) return controller.close();
        controller.enqueue(hostile.slice(at, at + 65536));
        at += 65536;
      },
    });
    const err = await readNpy(stream).catch((e: unknown) => e);
    expect(isNpyError(err, "TRUNCATED")).toBe(true);
    // a 2 GiB buffer would show here as 2 GiB of array buffers, committed or not
    expect(peak).toBeLessThan(16 << 20);
  });

  it("with maxBytes set, allocates the declared size at once and reads any chunking", async () => {
    const n = 300_000;
    const file = makeNpy("<f8", [n], float64Range(n));
    for (const split of [1000, "random"] as const) {
      const { data } = await readNpy(chunked(file, split).stream, { maxBytes: n * 8 });
      expect((data as Float64Array).buffer.byteLength).toBe(n * 8);
      expect((data as Float64Array)[n - 1]).toBe(n - 1);
    }
  });

  it("swaps big-endian data as it arrives, whatever the chunk boundaries inside the numbers", async () => {
    // 3-byte chunks on a small array (one buffer at once), the rest past 1 MiB (chunks held first)
    for (const [n, split] of [
      [5000, 3],
      [200_000, 1000],
      [200_000, 65536],
      [200_000, "random"],
    ] as const) {
      const le = new Float64Array(float64Range(n).buffer);
      const be = new Uint8Array(le.buffer.slice(0));
      for (let i = 0; i < be.length; i += 8) be.subarray(i, i + 8).reverse();
      const file = makeNpy(">f8", [n], be);
      for (const options of [{}, { maxBytes: n * 8 }]) {
        const { data, dtype } = await readNpy(chunked(file, split).stream, options);
        expect(dtype.descr).toBe(">f8");
        expect((data as Float64Array).buffer.byteLength).toBe(n * 8);
        // compared as bytes: toEqual walks 200,000 numbers slowly
        const got = data as Float64Array;
        expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(le.buffer))).toBe(
          true,
        );
      }
    }
  });
});

describe("readNpy errors", () => {
  const file = makeNpy("<f8", [10], float64Range(10));

  it("fails with TRUNCATED saying bytes expected and got", async () => {
    for (const source of [file.subarray(0, 150), chunked(file.subarray(0, 150), 3).stream]) {
      const err = await readNpy(source).catch((e: unknown) => e);
      expect(isNpyError(err, "TRUNCATED")).toBe(true);
      expect((err as Error).message).toContain("expected 80 bytes of array data, found 22");
    }
  });

  it("fails with TRAILING_DATA for bytes after the data, unless allowTrailing", async () => {
    const longer = new Uint8Array(file.length + 3);
    longer.set(file);
    for (const make of [() => longer, () => chunked(longer, 5).stream, () => new Blob([longer.slice()])]) {
      await expect(readNpy(make())).rejects.toSatisfy((e) => isNpyError(e, "TRAILING_DATA"));
      expect((await readNpy(make(), { allowTrailing: true })).data).toEqual(
        new Float64Array(float64Range(10).buffer),
      );
    }
  });

  it("stops reading once the data is complete with allowTrailing (the source is cancelled)", async () => {
    const longer = new Uint8Array(file.length + 100_000);
    longer.set(file);
    const { stream, log } = chunked(longer, 64);
    await readNpy(stream, { allowTrailing: true });
    expect(log.cancelled).toBe(true);
    expect(log.pulls).toBeLessThan(10);
  });

  it("fails with LIMIT_EXCEEDED over maxBytes", async () => {
    for (const source of [file, chunked(file, 16).stream]) {
      await expect(readNpy(source, { maxBytes: 79 })).rejects.toSatisfy((e) =>
        isNpyError(e, "LIMIT_EXCEEDED"),
      );
    }
    expect((await readNpy(file, { maxBytes: 80 })).shape).toEqual([10]);
  });

  it.each(Object.entries(expected.hostile).filter(([name]) => name.endsWith(".npy")))(
    "%s fails with its code",
    async (name, { code }) => {
      const bytes = readFixture(name);
      for (const source of [bytes, chunked(bytes, 2).stream, new Blob([bytes.slice()])]) {
        await expect(readNpy(source)).rejects.toSatisfy((e) => isNpyError(e, code));
      }
    },
  );

  it("fails with INVALID_ARGUMENT for something that is not a source", async () => {
    await expect(readNpy(42 as unknown as Blob)).rejects.toSatisfy((e) => isNpyError(e, "INVALID_ARGUMENT"));
  });
});

describe("readNpy abort and progress", () => {
  const n = 4096;
  const file = makeNpy("<f8", [n], float64Range(n));

  it("aborting mid-stream rejects with ABORTED and cancels the source", async () => {
    const controller = new AbortController();
    const { stream, log } = chunked(file, 1000);
    const done = readNpy(stream, {
      signal: controller.signal,
      onProgress: ({ loaded }) => {
        if (loaded >= 3000) controller.abort();
      },
    });
    await expect(done).rejects.toSatisfy((e) => isNpyError(e, "ABORTED"));
    expect(log.cancelled).toBe(true);
    expect(log.pulls).toBeLessThan(file.length / 1000);
  });

  it("rejects at once for an already aborted signal", async () => {
    await expect(readNpy(file, { signal: AbortSignal.abort() })).rejects.toSatisfy((e) =>
      isNpyError(e, "ABORTED"),
    );
  });

  it("reports progress up to the whole length", async () => {
    const seen: ProgressInfo[] = [];
    await readNpy(new Blob([file.slice()]), { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ loaded: file.length, total: file.length });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.loaded).toBeGreaterThan(seen[i - 1]!.loaded);
    const fromStream: ProgressInfo[] = [];
    await readNpy(chunked(file, 5000).stream, { onProgress: (p) => fromStream.push(p) });
    expect(fromStream.at(-1)).toEqual({ loaded: file.length, total: file.length });
  });
});
