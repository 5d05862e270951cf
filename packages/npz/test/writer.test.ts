/** Writing: numpy's np.load reads what we write (stored, deflated, streamed, zip64), and so do we. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NpyArray } from "@npyio/dtype";
import { parseDescr } from "@npyio/dtype";
import { isNpyError } from "@npyio/header";
import { NpyEncoderStream } from "@npyio/stream";
import { afterAll, describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { fflateCodec } from "../src/fflate-codec.js";
import { readNpzStream } from "../src/npz-decoder-stream.js";
import { NpzEncoderStream } from "../src/npz-encoder-stream.js";
import { NpzReader } from "../src/npz-reader.js";
import { NpzWriter } from "../src/npz-writer.js";
import { saveNpz } from "../src/save-npz.js";

const hasNumpy = requireNumpy("the np.load read-backs");

const tmp = mkdtempSync(join(tmpdir(), "npz-write-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function array(descr: string, data: NpyArray["data"], shape: number[], fortranOrder = false): NpyArray {
  return { dtype: parseDescr(descr), shape, fortranOrder, data };
}

const arrays = {
  f8: array("<f8", new Float64Array([1.5, -2, Math.PI, 0]), [2, 2]),
  i4_fortran: array("<i4", new Int32Array([1, 2, 3, 4, 5, 6]), [2, 3], true),
  be: array(">u2", new Uint16Array([1, 258, 65535]), [3]),
  text: array("<U3", ["a", "héé", ""], [3]),
  empty: array("<f4", new Float32Array(0), [0, 5]),
  "dir/ünï": array("|u1", new Uint8Array([7]), []),
};

/** What numpy sees in an npz file: key → [dtype.str, shape, fortran, values as a list]. */
function numpyLoad(file: string): Record<string, [string, number[], boolean, unknown[]]> {
  const out = execFileSync(
    "python3",
    [
      "-c",
      `import sys, json, numpy as np
def desc(v):
    if isinstance(v, bytes): return ["bytes", [len(v)], False, list(v)]
    return [v.dtype.str, list(v.shape), bool(v.flags.f_contiguous and not v.flags.c_contiguous), v.ravel(order="K").tolist()]
with np.load(sys.argv[1]) as z:
    print(json.dumps({k: desc(z[k]) for k in z.files}))`,
      file,
    ],
    { maxBuffer: 1 << 26 },
  );
  return JSON.parse(out.toString());
}

const expectedByNumpy = {
  f8: ["<f8", [2, 2], false, [1.5, -2, Math.PI, 0]],
  i4_fortran: ["<i4", [2, 3], true, [1, 2, 3, 4, 5, 6]],
  be: [">u2", [3], false, [1, 258, 65535]],
  text: ["<U3", [3], false, ["a", "héé", ""]],
  empty: ["<f4", [0, 5], false, []],
  "dir/ünï": ["|u1", [], false, [7]],
};

async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(readable).arrayBuffer());
}

describe("saveNpz", () => {
  it.each([
    ["stored", {}],
    ["deflated", { compress: true }],
    ["deflated at level 9 with forced zip64 records", { compress: true, level: 9, forceZip64: true }],
    ["stored with forced zip64 records", { forceZip64: true }],
  ])("round-trips %s through our reader", async (_, options) => {
    const npz = await NpzReader.open(saveNpz(arrays, options));
    expect(npz.names()).toEqual(Object.keys(arrays));
    for (const [key, a] of Object.entries(arrays)) {
      const got = await npz.get(key);
      expect(got.shape).toEqual(a.shape);
      expect(got.fortranOrder).toBe(a.fortranOrder);
      expect(got.dtype.descr).toEqual(a.dtype.descr);
      expect(Array.from(got.data as ArrayLike<unknown>)).toEqual(Array.from(a.data as ArrayLike<unknown>));
    }
  });

  it.skipIf(!hasNumpy)("is read by np.load: stored, deflated, forced zip64", () => {
    for (const [i, options] of [{}, { compress: true }, { compress: true, forceZip64: true }].entries()) {
      const file = join(tmp, `save-${i}.npz`);
      writeFileSync(file, saveNpz(arrays, options));
      expect(numpyLoad(file)).toEqual(expectedByNumpy);
    }
  });

  it("names positional arrays arr_0, arr_1 like np.savez(*args)", async () => {
    const npz = await NpzReader.open(saveNpz([arrays.f8, arrays.be]));
    expect(npz.names()).toEqual(["arr_0", "arr_1"]);
    expect(npz.entries().map((e) => e.name)).toEqual(["arr_0.npy", "arr_1.npy"]);
  });

  it("rejects data that does not fill the shape and bad levels with typed errors", () => {
    expect(() => saveNpz({ a: array("<f8", new Float64Array(3), [2, 2]) })).toThrow(
      expect.objectContaining({ code: "SHAPE_MISMATCH" }),
    );
    expect(() => saveNpz({ a: arrays.f8 }, { compress: true, level: 12 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
    expect(() => saveNpz({ a: { nope: 1 } as unknown as NpyArray })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("refuses a name with a NUL (zip readers cut names there) before encoding any member", () => {
    let encoded = 0;
    const watched = {
      ...arrays.f8,
      get data() {
        encoded++;
        return arrays.f8.data;
      },
    };
    for (const input of [{ ok: watched, "a\0b": arrays.f8 }, new Map([["x\0", arrays.f8]])]) {
      expect(() => saveNpz(input)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
      expect(() => saveNpz(input)).toThrow(/contains a NUL/);
    }
    expect(encoded).toBe(0);
  });

  it("is byte-identical for identical input (fixed timestamps)", () => {
    expect(saveNpz(arrays, { compress: true })).toEqual(saveNpz(arrays, { compress: true }));
  });
});

describe("NpzWriter", () => {
  async function writeAll(options: ConstructorParameters<typeof NpzWriter>[0]) {
    const writer = new NpzWriter(options);
    const bytes = collect(writer.readable);
    writer.add("f8", arrays.f8);
    writer.add("be", arrays.be, { compress: false });
    const n = 1000;
    const rows = new ReadableStream<Float32Array>({
      start(c) {
        for (let i = 0; i < n; i += 100) c.enqueue(Float32Array.from({ length: 100 }, (_, j) => i + j));
        c.close();
      },
    });
    writer.addStream("streamed", rows.pipeThrough(new NpyEncoderStream({ dtype: "<f4", shape: [n] })));
    writer.addBytes("notes.txt", new TextEncoder().encode("not an array"));
    await writer.close();
    return bytes;
  }

  it.each([
    ["stored", {}],
    ["deflated", { compress: true }],
    ["deflated with fflate", { compress: true, level: 3, codec: fflateCodec }],
  ])("writes whole, streamed and raw members, %s; both our readers read them", async (_, options) => {
    const bytes = await writeAll(options);
    const byRandomAccess = await (await NpzReader.open(bytes)).toMap();
    const byStream = await readNpzStream(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream());
    for (const got of [byRandomAccess, byStream]) {
      expect([...got.keys()]).toEqual(["f8", "be", "streamed", "notes.txt"]);
      expect(Array.from((got.get("streamed") as NpyArray).data as Float32Array).slice(995)).toEqual([
        995, 996, 997, 998, 999,
      ]);
      expect(new TextDecoder().decode(got.get("notes.txt") as Uint8Array)).toBe("not an array");
    }
  });

  it.skipIf(!hasNumpy)("streamed members (data descriptors) are read by np.load", async () => {
    for (const [i, options] of [{}, { compress: true }].entries()) {
      const file = join(tmp, `writer-${i}.npz`);
      writeFileSync(file, await writeAll(options));
      const got = numpyLoad(file);
      expect(got.streamed?.[0]).toBe("<f4");
      expect(got.streamed?.[3]).toHaveLength(1000);
      expect(got.f8).toEqual(expectedByNumpy.f8);
      expect(got["notes.txt"]?.[3]).toEqual(Array.from(new TextEncoder().encode("not an array")));
    }
  });

  it("refuses a duplicate key and calls after close", async () => {
    const writer = new NpzWriter();
    void collect(writer.readable).catch(() => {});
    await writer.add("a", arrays.f8);
    await expect(writer.add("a", arrays.be)).rejects.toSatisfy((e) => isNpyError(e, "DUPLICATE_NAME"));
    await writer.close();
    await expect(writer.add("b", arrays.be)).rejects.toSatisfy((e) => isNpyError(e, "INVALID_ARGUMENT"));
  });

  it("refuses a NUL in a name, by every add, before writing a byte of that member", async () => {
    const writer = new NpzWriter();
    const bytes = collect(writer.readable);
    const npy = new ReadableStream<Uint8Array>();
    await expect(writer.add("a\0", arrays.f8)).rejects.toSatisfy((e) => isNpyError(e, "INVALID_ARGUMENT"));
    await expect(writer.addBytes("\0.txt", new Uint8Array(3))).rejects.toSatisfy((e) =>
      isNpyError(e, "INVALID_ARGUMENT"),
    );
    await expect(writer.addStream("s\0", npy)).rejects.toSatisfy((e) => isNpyError(e, "INVALID_ARGUMENT"));
    expect(npy.locked).toBe(false);
    // the writer is still usable, and nothing of the refused members is in the archive
    await writer.add("a", arrays.f8);
    await writer.close();
    expect(await bytes).toEqual(saveNpz({ a: arrays.f8 }));
  });

  it("refuses a duplicate name before writing, whichever add gave it first", async () => {
    const writer = new NpzWriter();
    const bytes = collect(writer.readable);
    await writer.addBytes("a.npy", new Uint8Array(2));
    await expect(writer.add("a", arrays.be)).rejects.toSatisfy((e) => isNpyError(e, "DUPLICATE_NAME"));
    await expect(writer.addStream("a", new ReadableStream())).rejects.toSatisfy((e) =>
      isNpyError(e, "DUPLICATE_NAME"),
    );
    await writer.close();
    expect((await NpzReader.open(await bytes)).names()).toEqual(["a"]);
  });

  it("fails its readable when a streamed member errors", async () => {
    const writer = new NpzWriter();
    const bytes = collect(writer.readable);
    const broken = new ReadableStream<Uint8Array>({
      pull(c) {
        c.error(new Error("disk gone"));
      },
    });
    await expect(writer.addStream("x", broken)).rejects.toThrow("disk gone");
    await expect(bytes).rejects.toThrow("disk gone");
  });
});

describe("NpzEncoderStream", () => {
  it("turns a stream of members into an archive", async () => {
    const enc = new NpzEncoderStream({ compress: true });
    const bytes = collect(enc.readable);
    const w = enc.writable.getWriter();
    await w.write({ key: "a", array: arrays.f8 });
    await w.write({ name: "raw.bin", bytes: new Uint8Array([1, 2, 3]), compress: false });
    await w.close();
    const npz = await NpzReader.open(await bytes);
    expect(npz.entries().map((e) => [e.name, e.method])).toEqual([
      ["a.npy", 8],
      ["raw.bin", 0],
    ]);
  });
});

describe("zip64 and many members", () => {
  it.skipIf(!hasNumpy)(
    "np.load reads an archive with more than 65535 members (zip64 end records)",
    async () => {
      const many = new Map<string, NpyArray>();
      for (let i = 0; i < 65_540; i++) many.set(`m${i}`, array("|u1", new Uint8Array([i & 0xff]), [1]));
      const bytes = saveNpz(many);
      const npz = await NpzReader.open(bytes);
      expect(npz.names()).toHaveLength(65_540);
      expect(Array.from((await npz.get("m65539")).data as Uint8Array)).toEqual([65_539 & 0xff]);
      const file = join(tmp, "many.npz");
      writeFileSync(file, bytes);
      const out = execFileSync("python3", [
        "-c",
        "import sys, numpy as np\nz = np.load(sys.argv[1])\nprint(len(z.files), int(z['m65539'][0]))",
        file,
      ]);
      expect(out.toString().trim()).toBe(`65540 ${65_539 & 0xff}`);
    },
  );

  it("forced zip64 output uses the zip64 end record, locator and extra fields", () => {
    const bytes = saveNpz({ a: arrays.f8 }, { forceZip64: true });
    const text = Buffer.from(bytes).toString("latin1");
    expect(text).toContain("PK\x06\x06");
    expect(text).toContain("PK\x06\x07");
  });
});
