/**
 * Writers refuse invalid input with an NpyError before a byte is written, and the Node file writers
 * are atomic: on an error or an abort mid-write nothing is left behind (no target, no temp file),
 * and an existing file at the target path is untouched.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NpzWriter } from "@npyio/npz";
import { writeNpzFile } from "@npyio/npz/node";
import { NpyEncoderStream } from "@npyio/stream";
import { fileWritable } from "@npyio/stream/node";
import { isNpyError, type NpyArray, parseDescr, save, saveNpz } from "npyio";
import { writeFile } from "npyio/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "npyio-writers-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The error `fn` throws or rejects with (undefined if it succeeds). */
async function errorOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

const f4 = (n: number): NpyArray => ({
  dtype: parseDescr("<f4"),
  shape: [n],
  fortranOrder: false,
  data: new Float32Array(n).map((_, i) => i / 2),
});

// inputs a writer must refuse, with the codes that are acceptable for each
const invalid: [string, () => unknown, string[]][] = [
  [
    "data length ≠ shape product",
    () => ({ data: new Float32Array(6), shape: [2, 4] }),
    ["SHAPE_MISMATCH", "BAD_SHAPE", "BAD_DATA", "INVALID_ARGUMENT"],
  ],
  [
    "non-integer shape",
    () => ({ data: new Float32Array(6), shape: [2.5, 2.4] }),
    ["BAD_SHAPE", "SHAPE_MISMATCH", "INVALID_ARGUMENT"],
  ],
  [
    "negative shape",
    () => ({ data: new Float32Array(6), shape: [-2, -3] }),
    ["BAD_SHAPE", "SHAPE_MISMATCH", "INVALID_ARGUMENT"],
  ],
  [
    "NaN in shape",
    () => ({ data: new Float32Array(0), shape: [Number.NaN] }),
    ["BAD_SHAPE", "SHAPE_MISMATCH", "INVALID_ARGUMENT"],
  ],
  [
    "object dtype",
    () => ({ data: new Float32Array(2), dtype: "|O" }),
    ["OBJECT_DTYPE", "UNSUPPORTED_DTYPE", "BAD_DESCR"],
  ],
  ["unknown dtype", () => ({ data: new Float32Array(2), dtype: "<x9" }), ["BAD_DESCR", "UNSUPPORTED_DTYPE"]],
  [
    "data of the wrong type for the dtype",
    () => ({ data: ["a", "b"], dtype: "<i4" }),
    ["BAD_DATA", "INVALID_ARGUMENT"],
  ],
  ["not an array at all", () => 42, ["INVALID_ARGUMENT", "BAD_DATA"]],
];

describe("save refuses invalid input with an NpyError", () => {
  it.each(invalid)("%s", async (_, input, codes) => {
    const err = await errorOf(() => save(input() as NpyArray));
    expect(isNpyError(err), String(err)).toBe(true);
    expect(codes).toContain((err as { code: string }).code);
  });
});

describe("writeFile (npyio/node) refuses invalid input and leaves nothing behind", () => {
  describe.each(invalid)("%s", (name, input, codes) => {
    it(`writeFile: ${name}`, async () => {
      const path = join(dir, "out.npy");
      const err = await errorOf(() => writeFile(path, input() as NpyArray));
      expect(isNpyError(err), String(err)).toBe(true);
      expect(codes).toContain((err as { code: string }).code);
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  it("keeps an existing file untouched when the new content is invalid", async () => {
    const path = join(dir, "out.npy");
    writeFileSync(path, "previous");
    const err = await errorOf(() => writeFile(path, { data: new Float32Array(3), shape: [4] }));
    expect(isNpyError(err)).toBe(true);
    expect(readFileSync(path, "utf8")).toBe("previous");
    expect(readdirSync(dir)).toEqual(["out.npy"]);
  });

  it("writes a valid array whole, with no temp file left", async () => {
    const path = join(dir, "out.npy");
    await writeFile(path, f4(5));
    expect(readdirSync(dir)).toEqual(["out.npy"]);
    expect(new Uint8Array(readFileSync(path))).toEqual(save(f4(5)));
  });
});

describe("npz writers refuse bad member names", () => {
  it("saveNpz: a NUL in a name is an NpyError", async () => {
    const err = await errorOf(() => saveNpz({ "a\u0000b": f4(2) }));
    expect(isNpyError(err), String(err)).toBe(true);
  });

  it("NpzWriter: the same key twice is DUPLICATE_NAME", async () => {
    const writer = new NpzWriter();
    const drained = new Response(writer.readable).arrayBuffer().catch(() => undefined);
    await writer.add("a", f4(2));
    const err = await errorOf(() => writer.add("a", f4(3)));
    expect(isNpyError(err, "DUPLICATE_NAME"), String(err)).toBe(true);
    await errorOf(() => writer.close());
    await drained;
  });

  it("writeNpzFile: an invalid member fails the whole file and leaves nothing behind", async () => {
    const path = join(dir, "out.npz");
    const bad = { ...f4(3), shape: [4] };
    const err = await errorOf(() => writeNpzFile(path, { a: f4(2), b: bad }));
    expect(isNpyError(err), String(err)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("writeNpzFile: a NUL in a name fails and leaves nothing behind", async () => {
    const path = join(dir, "out.npz");
    const err = await errorOf(() => writeNpzFile(path, { "a\u0000": f4(2) }));
    expect(isNpyError(err), String(err)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("fileWritable is atomic", () => {
  it("abort mid-write: no target and no temp file", async () => {
    const path = join(dir, "out.npy");
    const writable = fileWritable(path);
    const writer = writable.getWriter();
    await writer.write(new Uint8Array(1000).fill(1));
    await writer.write(new Uint8Array(1000).fill(2));
    // bytes are on disk in the temp file by now; abort must remove them
    expect(readdirSync(dir).length).toBe(1);
    await writer.abort(new Error("stop"));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a stream that errors mid-way through NpyEncoderStream leaves nothing behind", async () => {
    const path = join(dir, "out.npy");
    const controller = new AbortController();
    let sent = 0;
    const source = new ReadableStream<Float32Array>({
      pull(c) {
        if (sent++ === 3) controller.abort(new Error("user cancelled"));
        c.enqueue(new Float32Array(256).fill(sent));
      },
    });
    const err = await errorOf(() =>
      source
        .pipeThrough(new NpyEncoderStream({ dtype: "<f4", shape: [256 * 100] }))
        .pipeTo(fileWritable(path), { signal: controller.signal }),
    );
    expect(err).toBeDefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an existing file stays untouched by an aborted write", async () => {
    const path = join(dir, "out.npy");
    writeFileSync(path, "previous");
    const writer = fileWritable(path).getWriter();
    await writer.write(new Uint8Array(10));
    await writer.abort(new Error("stop"));
    expect(readFileSync(path, "utf8")).toBe("previous");
    expect(readdirSync(dir)).toEqual(["out.npy"]);
  });

  it("closing renames the complete file over the target", async () => {
    const path = join(dir, "out.npy");
    const writer = fileWritable(path).getWriter();
    await writer.write(save(f4(4)));
    await writer.close();
    expect(readdirSync(dir)).toEqual(["out.npy"]);
    expect(new Uint8Array(readFileSync(path))).toEqual(save(f4(4)));
  });
});
