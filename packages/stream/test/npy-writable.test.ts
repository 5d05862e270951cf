import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isNpyError, type NpyErrorCode } from "@npyio/header";
import { bytesSource, NpyDecoderStream, readNpy } from "@npyio/stream";
import { appendNpy, fileSink, fileWritable } from "@npyio/stream/node";
import { afterAll, describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
// `@npyio/stream/seekable` has no source alias in vitest.config.ts yet: import the entry itself
import {
  type FileSystemWritableLike,
  fileSystemSink,
  npyAppendWritable,
  npyWritable,
  type SeekableSink,
} from "../src/seekable.js";
import { makeNpy } from "./helpers.js";
import { python } from "./numpy.js";

const hasNumpy = requireNumpy("the numpy read-backs of npyWritable and appendNpy");

const dir = mkdtempSync(join(tmpdir(), "npyio-stream-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;
const fresh = (name = "out.npy") => {
  const sub = join(dir, `case-${serial++}`);
  rmSync(sub, { recursive: true, force: true });
  mkdirSync(sub);
  return { sub, path: join(sub, name) };
};
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const load = (path: string) => new Uint8Array(readFileSync(path));

/** numpy's view of a file: shape, dtype and values as JSON. */
const numpyLoad = (path: string) =>
  JSON.parse(
    python(
      "import json,sys,numpy as np; a=np.load(sys.argv[1]); print(json.dumps({'shape': list(a.shape), 'dtype': a.dtype.str, 'values': a.ravel().tolist()}))",
      path,
    ),
  );

async function writeAll(stream: WritableStream<unknown>, ...chunks: unknown[]) {
  const writer = stream.getWriter();
  for (const chunk of chunks) await writer.write(chunk);
  await writer.close();
}

describe("npyWritable with an unknown number of rows (shape [-1, ...])", () => {
  it("patches the shape at close; readNpy and numpy read the file back", async () => {
    const { path } = fresh();
    await writeAll(
      npyWritable(fileSink(path), { dtype: "<f4", shape: [-1, 3] }),
      new Float32Array([1, 2, 3]),
      new Float32Array([4, 5, 6, 7, 8, 9]),
    );
    const back = await readNpy(load(path));
    expect(back.shape).toEqual([3, 3]);
    expect(back.data).toEqual(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    if (hasNumpy)
      expect(numpyLoad(path)).toEqual({ shape: [3, 3], dtype: "<f4", values: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
  });

  it.skipIf(!hasNumpy)("writes a big-endian file numpy reads, with zero rows too", async () => {
    const { path } = fresh();
    await writeAll(npyWritable(fileSink(path), { dtype: ">i8", shape: [-1] }), new BigInt64Array([5n, -6n]));
    expect(numpyLoad(path)).toEqual({ shape: [2], dtype: ">i8", values: [5, -6] });
    const empty = fresh().path;
    await writeAll(npyWritable(fileSink(empty), { dtype: "<f8", shape: [-1, 2] }));
    expect(numpyLoad(empty)).toEqual({ shape: [0, 2], dtype: "<f8", values: [] });
  });

  it("keeps numpy's 64-byte data alignment", async () => {
    const { path } = fresh();
    await writeAll(npyWritable(fileSink(path), { dtype: "<f8", shape: [-1] }), new Float64Array(3));
    expect((load(path).length - 24) % 64).toBe(0);
  });

  it("fails with SHAPE_MISMATCH for a partial row and leaves no file behind", async () => {
    const { sub, path } = fresh();
    const err = await writeAll(
      npyWritable(fileSink(path), { dtype: "<f4", shape: [-1, 3] }),
      new Float32Array(4),
    ).catch((e: unknown) => e);
    expect(isNpyError(err, "SHAPE_MISMATCH")).toBe(true);
    expect(readdirSync(sub)).toEqual([]);
  });

  it("leaves no file behind when aborted, by the writer or by the signal", async () => {
    const { sub, path } = fresh();
    const writer = npyWritable(fileSink(path), { dtype: "<f4", shape: [-1] }).getWriter();
    await writer.write(new Float32Array(1000));
    await writer.abort(new Error("stop"));
    expect(readdirSync(sub)).toEqual([]);

    const controller = new AbortController();
    const w2 = npyWritable(fileSink(path), {
      dtype: "<f4",
      shape: [-1],
      signal: controller.signal,
    }).getWriter();
    await w2.write(new Float32Array(10));
    controller.abort();
    await expect(w2.write(new Float32Array(10))).rejects.toSatisfy((e) => isNpyError(e, "ABORTED"));
    await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(sub)).toEqual([]);
  });

  it("refuses Fortran order and rows of no elements with INVALID_ARGUMENT", async () => {
    for (const options of [
      { dtype: "<f4", shape: [-1, 3], fortranOrder: true },
      { dtype: "<f4", shape: [-1, 0] },
    ]) {
      const { sub, path } = fresh();
      const err = await writeAll(npyWritable(fileSink(path), options)).catch((e: unknown) => e);
      expect(isNpyError(err, "INVALID_ARGUMENT")).toBe(true);
      expect(readdirSync(sub)).toEqual([]);
    }
  });

  it("writes a known shape too, failing with SHAPE_MISMATCH on a wrong count", async () => {
    const { sub, path } = fresh();
    await writeAll(
      npyWritable(fileSink(path), { dtype: "<i2", shape: [2, 2] }),
      new Int16Array([1, 2, 3, 4]),
    );
    expect((await readNpy(load(path))).data).toEqual(new Int16Array([1, 2, 3, 4]));
    rmSync(path);
    const err = await writeAll(
      npyWritable(fileSink(path), { dtype: "<i2", shape: [2, 2] }),
      new Int16Array(3),
    ).catch((e: unknown) => e);
    expect(isNpyError(err, "SHAPE_MISMATCH")).toBe(true);
    expect(readdirSync(sub)).toEqual([]);
  });

  it("writes through a browser FileSystemWritableFileStream (seek and write by position)", async () => {
    let file = new Uint8Array(0);
    let closed = false;
    const writable: FileSystemWritableLike = {
      async write({ position, data }) {
        if (position + data.length > file.length) {
          const grown = new Uint8Array(position + data.length);
          grown.set(file);
          file = grown;
        }
        file.set(data, position);
      },
      async close() {
        closed = true;
      },
      async abort() {},
    };
    await writeAll(
      npyWritable(fileSystemSink(writable), { dtype: "<u1", shape: [-1, 2] }),
      new Uint8Array([1, 2, 3, 4]),
    );
    expect(closed).toBe(true);
    const back = await readNpy(file);
    expect(back.shape).toEqual([2, 2]);
    expect(back.data).toEqual(new Uint8Array([1, 2, 3, 4]));
  });
});

describe("fileSystemSink", () => {
  it("accepts the DOM's FileSystemWritableFileStream type", () => {
    // a compile-time check: typecheck fails if the duck type drifts from the DOM's
    const adapt: (w: FileSystemWritableFileStream) => SeekableSink = fileSystemSink;
    expect(() => adapt({} as FileSystemWritableFileStream)).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});

describe("npyAppendWritable (the browser's way: a ByteSource to read, a FileSystemWritableFileStream to write)", () => {
  it("appends rows in place and rewrites the header within its padding", async () => {
    let file = makeNpy("<i4", [2, 2], new Uint8Array(new Int32Array([1, 2, 3, 4]).buffer));
    const before = file.length;
    const writable: FileSystemWritableLike = {
      async write({ position, data }) {
        const grown = new Uint8Array(Math.max(file.length, position + data.length));
        grown.set(file);
        grown.set(data, position);
        file = grown;
      },
      async close() {},
      async abort() {},
    };
    const stream = npyAppendWritable(bytesSource(file.slice()), fileSystemSink(writable));
    const writer = stream.getWriter();
    await writer.write(new Int32Array([5, 6]));
    await writer.close();
    expect(file.length).toBe(before + 8);
    const back = await readNpy(file);
    expect(back.shape).toEqual([3, 2]);
    expect(back.data).toEqual(new Int32Array([1, 2, 3, 4, 5, 6]));
  });
});

describe("fileWritable", () => {
  it("writes a piped .npy atomically: the file appears whole at the end", async () => {
    const { path } = fresh();
    const source = makeNpy("<f8", [4], new Uint8Array(new Float64Array([1, 2, 3, 4]).buffer));
    await new Blob([source.slice()]).stream().pipeTo(fileWritable(path));
    expect(load(path)).toEqual(source);
  });

  it("leaves nothing when the pipe fails", async () => {
    const { sub, path } = fresh();
    const bad = new Uint8Array(40);
    const err = await new Blob([bad])
      .stream()
      .pipeThrough(new NpyDecoderStream())
      .pipeTo(new WritableStream())
      .catch((e: unknown) => e);
    expect(isNpyError(err, "BAD_MAGIC")).toBe(true);
    const failing = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(10));
        c.error(new Error("network down"));
      },
    });
    await expect(failing.pipeTo(fileWritable(path))).rejects.toThrow("network down");
    expect(readdirSync(sub)).toEqual([]);
  });

  it("does not replace an existing file when a write fails", async () => {
    const { path } = fresh();
    writeFileSync(path, "old");
    const failing = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(10));
        c.error(new Error("network down"));
      },
    });
    await expect(failing.pipeTo(fileWritable(path))).rejects.toThrow();
    expect(readFileSync(path, "utf8")).toBe("old");
  });
});

describe("appendNpy", () => {
  const seed = (path: string, code: string) => python(`import sys,numpy as np; ${code}`, path);

  it.skipIf(!hasNumpy)(
    "extends a numpy-written file along axis 0 in place; numpy reads it back",
    async () => {
      const { path } = fresh();
      seed(path, "np.save(sys.argv[1], np.arange(6, dtype='<f8').reshape(2, 3))");
      const header = await appendNpy(path, new Float64Array([6, 7, 8]));
      expect(header.shape).toEqual([3, 3]);
      await appendNpy(
        path,
        new ReadableStream({
          start(c) {
            c.enqueue(new Float64Array([9, 10, 11]));
            c.enqueue(new Float64Array([12, 13, 14]));
            c.close();
          },
        }),
      );
      expect(numpyLoad(path)).toEqual({
        shape: [5, 3],
        dtype: "<f8",
        values: Array.from({ length: 15 }, (_, i) => i),
      });
    },
  );

  it.skipIf(!hasNumpy)(
    "appends to a big-endian 1-D file and to a file written with npyWritable",
    async () => {
      const { path } = fresh();
      seed(path, "np.save(sys.argv[1], np.array([1, 2], dtype='>i4'))");
      await appendNpy(path, new Int32Array([3]));
      expect(numpyLoad(path)).toEqual({ shape: [3], dtype: ">i4", values: [1, 2, 3] });
      const other = fresh().path;
      await writeAll(npyWritable(fileSink(other), { dtype: "<u2", shape: [-1, 2] }), new Uint16Array([1, 2]));
      await appendNpy(other, new Uint16Array([3, 4]));
      expect(numpyLoad(other)).toEqual({ shape: [2, 2], dtype: "<u2", values: [1, 2, 3, 4] });
    },
  );

  it("leaves the file unchanged when the data is not whole rows (SHAPE_MISMATCH)", async () => {
    const { path } = fresh();
    writeFileSync(path, makeNpy("<f8", [2, 3], new Uint8Array(48)));
    const before = sha(path);
    await expect(appendNpy(path, new Float64Array(4))).rejects.toSatisfy((e) =>
      isNpyError(e, "SHAPE_MISMATCH"),
    );
    expect(sha(path)).toBe(before);
  });

  it("leaves the file unchanged when the new header has no room (HEADER_TOO_LARGE)", async () => {
    const { path } = fresh();
    // a tight header from a writer that leaves no growth padding: 10 + 57 + 1 bytes
    const text = "{'descr': '<f8', 'fortran_order': False, 'shape': (9,), }\n";
    const header = new Uint8Array([
      0x93,
      0x4e,
      0x55,
      0x4d,
      0x50,
      0x59,
      1,
      0,
      text.length,
      0,
      ...Buffer.from(text),
    ]);
    const file = new Uint8Array(header.length + 72);
    file.set(header);
    writeFileSync(path, file);
    expect((await readNpy(load(path))).shape).toEqual([9]);
    const before = sha(path);
    await expect(appendNpy(path, new Float64Array(1))).rejects.toSatisfy((e) =>
      isNpyError(e, "HEADER_TOO_LARGE"),
    );
    expect(sha(path)).toBe(before);
  });

  it("refuses Fortran-order and 0-d files with INVALID_ARGUMENT, data after the array with TRAILING_DATA", async () => {
    const cases: [Uint8Array, NpyErrorCode][] = [
      [
        (() => {
          const f = makeNpy("<f8", [2, 2], new Uint8Array(32));
          f.set(Buffer.from("True "), Buffer.from(f).indexOf("False"));
          return f;
        })(),
        "INVALID_ARGUMENT",
      ],
      [makeNpy("<f8", [], new Uint8Array(8)), "INVALID_ARGUMENT"],
      [makeNpy("<f8", [1], new Uint8Array(9)), "TRAILING_DATA"],
      [makeNpy("<f8", [2], new Uint8Array(9)), "TRUNCATED"],
    ];
    for (const [bytes, code] of cases) {
      const { path } = fresh();
      writeFileSync(path, bytes);
      await expect(appendNpy(path, new Float64Array(1)), code).rejects.toSatisfy((e) => isNpyError(e, code));
      expect(load(path)).toEqual(bytes);
    }
  });

  it("fails with IO_ERROR for a missing file", async () => {
    await expect(appendNpy(join(dir, "missing.npy"), new Float64Array(1))).rejects.toSatisfy((e) =>
      isNpyError(e, "IO_ERROR"),
    );
  });
});
