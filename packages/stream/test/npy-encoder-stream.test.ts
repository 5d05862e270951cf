import { isNpyError } from "@npyio/header";
import { NpyDecoderStream, NpyEncoderStream, readNpy } from "@npyio/stream";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { chunked, collect, joinBytes, limitsFor, readableFixtures } from "./helpers.js";

/** A stream of the given items. */
const streamOf = <T>(...items: T[]) =>
  new ReadableStream<T>({
    start(c) {
      for (const item of items) c.enqueue(item);
      c.close();
    },
  });

describe("NpyEncoderStream", () => {
  it.each(readableFixtures)("%s: decode → encode reproduces numpy's file byte for byte", async (name) => {
    const bytes = readFixture(name);
    const out = await collect(
      chunked(bytes, 7)
        .stream.pipeThrough(new NpyDecoderStream({ ...limitsFor(name), chunkBytes: 40 }))
        .pipeThrough(new NpyEncoderStream({ version: expected.npy[name]!.version })),
    );
    expect(joinBytes(out)).toEqual(bytes);
  });

  it("encodes typed chunks into the dtype's byte order", async () => {
    const out = joinBytes(
      await collect(
        streamOf(new Float64Array([1, 2]), new Float64Array([3])).pipeThrough(
          new NpyEncoderStream({ dtype: ">f8", shape: [3] }),
        ),
      ),
    );
    const view = new DataView(out.buffer, out.byteOffset + 128);
    expect([view.getFloat64(0, false), view.getFloat64(8, false), view.getFloat64(16, false)]).toEqual([
      1, 2, 3,
    ]);
    const back = await readNpy(out);
    expect(back.dtype.descr).toBe(">f8");
    expect(back.data).toEqual(new Float64Array([1, 2, 3]));
  });

  it("reports progress in bytes out of the whole file's length", async () => {
    const seen: { loaded: number; total: number | undefined }[] = [];
    const encoder = new NpyEncoderStream({ dtype: "<i2", shape: [4], onProgress: (p) => seen.push(p) });
    const out = await collect(streamOf(new Int16Array(2), new Int16Array(2)).pipeThrough(encoder));
    const length = out.reduce((n, p) => n + p.length, 0);
    expect(seen).toEqual([
      { loaded: length - 4, total: length },
      { loaded: length, total: length },
    ]);
  });

  it("writes the Fortran flag and the shape it is given", async () => {
    const out = joinBytes(
      await collect(
        streamOf(new Int32Array([1, 2, 3, 4, 5, 6])).pipeThrough(
          new NpyEncoderStream({ dtype: "<i4", shape: [2, 3], fortranOrder: true }),
        ),
      ),
    );
    const back = await readNpy(out);
    expect(back.shape).toEqual([2, 3]);
    expect(back.fortranOrder).toBe(true);
  });

  it("fails with SHAPE_MISMATCH at close when fewer elements arrive than the shape holds", async () => {
    const err = await collect(
      streamOf(new Float32Array(5)).pipeThrough(new NpyEncoderStream({ dtype: "<f4", shape: [2, 3] })),
    ).catch((e: unknown) => e);
    expect(isNpyError(err, "SHAPE_MISMATCH")).toBe(true);
    expect((err as Error).message).toContain("holds 6 elements, got 5");
  });

  it("fails with SHAPE_MISMATCH as soon as more elements arrive than the shape holds", async () => {
    const err = await collect(
      streamOf(new Float32Array(4), new Float32Array(4)).pipeThrough(
        new NpyEncoderStream({ dtype: "<f4", shape: [6] }),
      ),
    ).catch((e: unknown) => e);
    expect(isNpyError(err, "SHAPE_MISMATCH")).toBe(true);
  });

  it("refuses an unknown length (-1) with NOT_SEEKABLE: a stream cannot patch its header", () => {
    expect(() => new NpyEncoderStream({ dtype: "<f4", shape: [-1, 3] })).toThrow(
      expect.objectContaining({ code: "NOT_SEEKABLE" }),
    );
  });

  it("fails with INVALID_ARGUMENT without a dtype and shape when the input is bare data", async () => {
    const err = await collect(streamOf(new Float32Array(2)).pipeThrough(new NpyEncoderStream())).catch(
      (e: unknown) => e,
    );
    expect(isNpyError(err, "INVALID_ARGUMENT")).toBe(true);
  });

  it("fails with ABORTED when its signal aborts", async () => {
    const controller = new AbortController();
    const encoder = new NpyEncoderStream({ dtype: "<f4", shape: [4], signal: controller.signal });
    const reader = encoder.readable.getReader();
    await reader.read(); // the header
    controller.abort();
    await expect(reader.read()).rejects.toSatisfy((e) => isNpyError(e, "ABORTED"));
  });
});
