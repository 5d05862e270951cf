// The umbrella's long operations keep the one contract (issue #16): progress as bytes move, ABORTED
// before the start, in the middle of the data and in the middle of a deflate or inflate, and no
// file left behind by an aborted write. Whatever `save` takes, every writer takes (read back by numpy).
// No timing is asserted: the abort-to-rejection latency is a bench/ row.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectCode } from "../../../fixtures/expect-code.js";
import { noisyBytes } from "../../../fixtures/noisy-bytes.js";
import { load, loadNpz, type NpyArray, NpzWriter, type ProgressInfo, save, saveNpz } from "../src/index.js";
import { readFile, saveNpzAsync, writeFile, writeNpzFile } from "../src/node.js";

const dir = mkdtempSync(join(tmpdir(), "npyio-abort-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const same = (a: ArrayBufferView, b: ArrayBufferView) =>
  expect(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ),
  ).toBe(true);

const big = { data: noisyBytes(20 << 20, 11), shape: [20 << 20] };
const small = { data: new Float64Array([1.5, 2.5, 3.5]) };
const npzBytes = saveNpz({ small, big }, { compress: true });
const npyBytes = save(big);

function ascending(log: ProgressInfo[]) {
  expect(log.length).toBeGreaterThan(1);
  for (let i = 1; i < log.length; i++) expect(log[i]!.loaded).toBeGreaterThanOrEqual(log[i - 1]!.loaded);
}

describe("load and loadNpz: progress and abort", () => {
  it("report progress for an archive from bytes, a Blob and a stream", async () => {
    for (const source of [
      npzBytes,
      new Blob([npzBytes as BlobPart]),
      new Blob([npzBytes as BlobPart]).stream(),
    ]) {
      const log: ProgressInfo[] = [];
      const m = (await load(source, { onProgress: (p) => log.push(p) })) as Map<string, NpyArray>;
      same(m.get("big")!.data as Uint8Array, big.data);
      ascending(log);
    }
    const log: ProgressInfo[] = [];
    await loadNpz(npzBytes, { onProgress: (p) => log.push(p) });
    ascending(log);
    expect(log.at(-1)!.loaded).toBe(log.at(-1)!.total);
  });

  it("reject with ABORTED before the start, on a stalled stream and mid-inflate", async () => {
    await expectCode(load(npzBytes, { signal: AbortSignal.abort() }));
    await expectCode(loadNpz(new Blob([npzBytes as BlobPart]), { signal: AbortSignal.abort() }));

    const stalledController = new AbortController();
    const stalled = new ReadableStream<Uint8Array>({
      pull() {
        stalledController.abort(); // not even the magic has arrived
        return new Promise(() => {});
      },
    });
    await expectCode(load(stalled, { signal: stalledController.signal }));

    for (const source of [npzBytes, new Blob([npzBytes as BlobPart])]) {
      const controller = new AbortController();
      await expectCode(load(source, { signal: controller.signal, onProgress: () => controller.abort() }));
    }
  });
});

describe("npyio/node readFile and writeFile: progress and abort", () => {
  it("readFile reports the file's bytes read in pieces, up to its size", async () => {
    const path = join(dir, "big.npy");
    await writeFile(path, big);
    const log: ProgressInfo[] = [];
    const a = (await readFile(path, { onProgress: (p) => log.push(p) })) as NpyArray;
    same(a.data as Uint8Array, big.data);
    ascending(log);
    expect(log.at(-1)).toEqual({ loaded: statSync(path).size, total: statSync(path).size });
    rmSync(path);
  });

  it("readFile rejects with ABORTED before the start, mid-data and mid-inflate", async () => {
    const npy = join(dir, "r.npy");
    const npz = join(dir, "r.npz");
    await writeFile(npy, big);
    await writeNpzFile(npz, { small, big }, { compress: true });
    await expectCode(readFile(npy, { signal: AbortSignal.abort() }));
    for (const path of [npy, npz]) {
      const controller = new AbortController();
      // the first piece read: the rest of the file (and every inflate) is still to come
      await expectCode(readFile(path, { signal: controller.signal, onProgress: () => controller.abort() }));
    }
    rmSync(npy);
    rmSync(npz);
  });

  it("writeFile reports bytes written up to the file's size, and leaves nothing when aborted", async () => {
    const path = join(dir, "w.npy");
    const log: ProgressInfo[] = [];
    await writeFile(path, big, { onProgress: (p) => log.push(p) });
    ascending(log);
    expect(log.at(-1)).toEqual({ loaded: npyBytes.length, total: npyBytes.length });
    rmSync(path);

    await expectCode(writeFile(path, big, { signal: AbortSignal.abort() }));
    expect(readdirSync(dir)).toEqual([]);
    for (const [target, value, compress] of [
      [path, big, false], // mid-data
      [join(dir, "w.npz"), { small, big }, true], // mid-deflate of "big"
    ] as const) {
      const controller = new AbortController();
      await expectCode(
        writeFile(target, value, {
          compress,
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
      );
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});

describe("the same inputs everywhere: what save takes, every writer takes", () => {
  const inputs = {
    f: { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] },
    i: { data: new Int16Array([7, -8]) },
    u: { data: ["ab", "c"], dtype: "<U2" },
    t: { data: new Float64Array([1, 2, 3, 4]), shape: [2, 2], fortranOrder: true },
  };
  const numpyCheck = `
import numpy as np, sys
z = np.load(sys.argv[1])
assert z["f"].dtype == np.float32 and z["f"].shape == (2, 3) and z["f"].tolist() == [[1, 2, 3], [4, 5, 6]]
assert z["i"].dtype == np.int16 and z["i"].tolist() == [7, -8]
assert z["u"].dtype == np.dtype("<U2") and z["u"].tolist() == ["ab", "c"]
assert z["t"].flags.f_contiguous and z["t"].tolist() == [[1, 3], [2, 4]]
print("ok")
`;
  const numpy = (path: string) =>
    execFileSync("python3", ["-c", numpyCheck, path], { encoding: "utf8" }).trim();

  it("saveNpz, saveNpzAsync and NpzWriter.add take { data, shape?, dtype?, fortranOrder? } in a record or a Map", async () => {
    const writer = new NpzWriter();
    const done = new Response(writer.readable).arrayBuffer();
    await Promise.all([...Object.entries(inputs).map(([k, v]) => writer.add(k, v)), writer.close()]);
    const outputs = [
      saveNpz(inputs),
      saveNpz(new Map(Object.entries(inputs)), { compress: true }),
      await saveNpzAsync(inputs, { compress: true }),
      new Uint8Array(await done),
    ];
    for (const [i, bytes] of outputs.entries()) {
      const path = join(dir, `in-${i}.npz`);
      await writeFile(path, bytes);
      expect(numpy(path)).toBe("ok");
      rmSync(path);
    }
  });

  it("writeFile and writeNpzFile take them too", async () => {
    for (const [i, write] of [
      (p: string) => writeFile(p, inputs),
      (p: string) => writeFile(p, new Map(Object.entries(inputs)), { compress: true }),
      (p: string) => writeNpzFile(p, inputs),
    ].entries()) {
      const path = join(dir, `w-${i}.npz`);
      await write(path);
      expect(numpy(path)).toBe("ok");
      rmSync(path);
    }
  });

  it("a member that is not an array is INVALID_ARGUMENT naming it, and nothing is written", async () => {
    const path = join(dir, "bad.npz");
    for (const p of [
      Promise.resolve().then(() => saveNpz({ x: 3 as unknown as NpyArray })),
      writeFile(path, { ok: small, x: { shape: [1] } as unknown as NpyArray }),
    ]) {
      await expect(p).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        message: expect.stringMatching(/"x"/),
      });
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
