// The contract of every long operation (issue #16) for the readers and writers of @npyio/stream that
// work on files and sources: progress as bytes move, ABORTED before the start and in the middle of
// the data (a stalled source included), and the file left as it was. No timing is asserted here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectCode } from "../../../fixtures/expect-code.js";
import { abortable, type ByteSource, bytesSource, type ProgressInfo } from "../src/index.js";
import { appendNpy, readFileBytes } from "../src/node.js";
import { readRows } from "../src/slice.js";
import { float64Range, makeNpy } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "stream-abort-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = 3 << 20; // 24 MiB of <f8: several 8 MiB pieces
const file = makeNpy("<f8", [rows, 1], float64Range(rows));

describe("abortable", () => {
  it("rejects with ABORTED when the signal aborts while the promise never settles", async () => {
    const controller = new AbortController();
    const pending = abortable(new Promise(() => {}), controller.signal);
    controller.abort();
    await expectCode(pending);
    await expectCode(abortable(Promise.resolve(1), AbortSignal.abort()));
    await expect(abortable(Promise.resolve(2), new AbortController().signal)).resolves.toBe(2);
  });
});

describe("readFileBytes", () => {
  const path = join(dir, "f.npy");
  writeFileSync(path, file);

  it("reports the bytes read piece by piece up to the file's size", async () => {
    const log: ProgressInfo[] = [];
    const bytes = await readFileBytes(path, { onProgress: (p) => log.push(p) });
    expect(Buffer.from(bytes).equals(Buffer.from(file))).toBe(true);
    expect(log.length).toBeGreaterThan(2);
    expect(log.at(-1)).toEqual({ loaded: file.length, total: file.length });
  });

  it("rejects with ABORTED before the start and after the first piece", async () => {
    await expectCode(readFileBytes(path, { signal: AbortSignal.abort() }));
    const controller = new AbortController();
    const log: ProgressInfo[] = [];
    await expectCode(
      readFileBytes(path, {
        signal: controller.signal,
        onProgress: (p) => {
          log.push(p);
          controller.abort();
        },
      }),
    );
    expect(log).toHaveLength(1);
  });
});

describe("readRows", () => {
  it("reports the rows' bytes, from 0 to their total", async () => {
    const log: ProgressInfo[] = [];
    const page = await readRows(bytesSource(file), 10, 20, { onProgress: (p) => log.push(p) });
    expect(page.shape).toEqual([10, 1]);
    expect(log).toEqual([
      { loaded: 0, total: 80 },
      { loaded: 80, total: 80 },
    ]);
  });

  it("rejects with ABORTED before the start and while the source's read stalls", async () => {
    await expectCode(readRows(bytesSource(file), 0, 10, { signal: AbortSignal.abort() }));
    const controller = new AbortController();
    let reads = 0;
    const stalling: ByteSource = {
      size: file.length,
      read(offset, length) {
        // the header comes; the rows never do
        if (reads++ === 0) return Promise.resolve(file.subarray(offset, offset + length));
        controller.abort();
        return new Promise(() => {});
      },
    };
    await expectCode(readRows(stalling, 0, rows, { signal: controller.signal }));
  });
});

describe("appendNpy", () => {
  const base = makeNpy("<f8", [2, 1], float64Range(2));

  it("reports the bytes appended", async () => {
    const path = join(dir, "a.npy");
    writeFileSync(path, base);
    const log: ProgressInfo[] = [];
    await appendNpy(path, new Float64Array(1000), { onProgress: (p) => log.push(p) });
    expect(log.at(-1)!.loaded).toBe(8000);
  });

  it("rejects with ABORTED before the start and mid-data, leaving the file as it was", async () => {
    const path = join(dir, "b.npy");
    writeFileSync(path, base);
    await expectCode(appendNpy(path, new Float64Array(3), { signal: AbortSignal.abort() }));
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(base))).toBe(true);

    const controller = new AbortController();
    let sent = 0;
    const input = new ReadableStream<Float64Array>({
      pull(c) {
        if (sent++ < 2) return c.enqueue(new Float64Array(1 << 16));
        controller.abort(); // two chunks written, the third never comes
        return new Promise(() => {});
      },
    });
    await expectCode(appendNpy(path, input, { signal: controller.signal }));
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(base))).toBe(true);
  });
});
