/**
 * NpyReader.slice beyond the values (those are checked against numpy in open-npy.test.ts): the
 * argument forms, numpy's errors, 0-d arrays, the plan, limits, abort, progress and concurrency.
 */
import { isNpyError } from "@npyio/header";
import { type ByteSource, bytesSource, type ProgressInfo } from "@npyio/stream";
import { openNpy } from "@npyio/stream/slice";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";

const fixture = (name: string) => openNpy(bytesSource(readFixture(name)));
/** The values of an array as the fixtures' canonical strings (integers in decimal). */
const values = (data: unknown) => Array.from(data as Int32Array, String);
const i4 = expected.npy["npy/i4-2d.npy"]!.values as string[]; // arange(12).reshape(3, 4)

/** A source over `bytes` that records the offset of every read in `reads`. */
function logged(bytes: Uint8Array, reads: number[]): ByteSource {
  const inner = bytesSource(bytes);
  return {
    size: bytes.length,
    read(offset, length, options) {
      reads.push(offset);
      return inner.read(offset, length, options);
    },
  };
}

/** The error a promise (or a function) fails with. */
const failure = async (run: () => unknown) => {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure");
};

describe("slice arguments", () => {
  it("takes the same index as an array of entries or as numpy's text", async () => {
    const a = await fixture("npy/i4-2d.npy");
    const forms: [unknown[], string, number[], string[]][] = [
      [[1], "1", [4], i4.slice(4, 8)],
      [[-1], "-1", [4], i4.slice(8, 12)],
      [[null, 2], ":, 2", [3], ["2", "6", "10"]],
      [[[1, null]], "1:", [2, 4], i4.slice(4)],
      [
        [
          [null, null, -1],
          [null, null, 2],
        ],
        "::-1, ::2",
        [3, 2],
        ["8", "10", "4", "6", "0", "2"],
      ],
      [["...", 3], "..., 3", [3], ["3", "7", "11"]],
      [
        [
          [0, 100],
          [-2, null],
        ],
        "0:100, -2:",
        [3, 2],
        ["2", "3", "6", "7", "10", "11"],
      ],
      [[], "", [3, 4], i4],
      [[1, 2], "1, 2,", [], ["6"]],
    ];
    for (const [entries, text, shape, want] of forms) {
      for (const args of [entries, [text]]) {
        const got = await a.slice(...(args as []));
        expect(got.shape, JSON.stringify(args)).toEqual(shape);
        expect(values(got.data), JSON.stringify(args)).toEqual(want);
      }
    }
  });

  it("says what is wrong, as numpy does", async () => {
    const a = await fixture("npy/i4-2d.npy");
    const cases: [unknown[], string][] = [
      [[3], "index 3 is out of bounds for axis 0 with size 3"],
      [[0, -5], "index -5 is out of bounds for axis 1 with size 4"],
      [[[null, null, 0]], "slice step cannot be zero"],
      [["::0"], "slice step cannot be zero"],
      [[0, 0, 0], "too many indices for array: array is 2-dimensional, but 3 were indexed"],
      [["...", "..."], "an index can only have a single ellipsis ('...')"],
      [[1.5], "must be an integer"],
      [[[1]], "an index entry is an integer, [start, stop] or [start, stop, step]"],
      [["1:2:3:4"], "more than two colons"],
      [["a"], `cannot read "a"`],
      [["1,,2"], "an empty entry between commas"],
      [["None"], "np.newaxis (None)"],
    ];
    for (const [args, message] of cases) {
      const err = await failure(() => a.slice(...(args as [])));
      expect(err, JSON.stringify(args)).toSatisfy((e: unknown) => isNpyError(e, "INVALID_ARGUMENT"));
      expect((err as Error).message, JSON.stringify(args)).toContain(message);
      // plan refuses the same index the same way, before any read
      expect(() => a.plan(...(args as [])), JSON.stringify(args)).toThrow(message);
    }
  });

  it("clamps ranges past either end, as numpy does", async () => {
    const a = await fixture("npy/i4-2d.npy");
    expect((await a.slice([5, 10])).shape).toEqual([0, 4]);
    expect((await a.slice([-10, 1])).shape).toEqual([1, 4]);
    expect(values((await a.slice([10, null, -2], 0)).data)).toEqual(["8", "0"]);
  });

  it("slices a 0-d array with an empty index or ..., and refuses a position", async () => {
    const a = await fixture("npy/f8-0d.npy");
    for (const args of [[], ["..."], [""]]) {
      const got = await a.slice(...(args as []));
      expect(got.shape).toEqual([]);
      expect((got.data as Float64Array).length).toBe(1);
    }
    const err = await failure(() => a.slice(0));
    expect((err as Error).message).toContain("array is 0-dimensional, but 1 were indexed");
  });

  it("slices an empty array without reading its data", async () => {
    const reads: number[] = [];
    const bytes = readFixture("npy/i8-empty-2d.npy");
    const source = logged(bytes, reads);
    const a = await openNpy(source);
    const got = await a.slice(null, [null, null, -1]);
    expect(got.shape).toEqual([...a.shape]);
    expect(reads).toEqual([0]);
  });
});

describe("slice calls as written", () => {
  it("type-checks numpy's index forms as the README writes them, options last", async () => {
    const a = await openNpy(bytesSource(readFixture("npy/i4-2d.npy")));
    const shapes = [
      (await a.slice([1, 3], [null, null, 2])).shape,
      (await a.slice("1:3, ::2")).shape,
      (await a.slice(null, 1)).shape,
      (await a.slice(-1)).shape,
      (await a.slice([-2, null])).shape,
      (await a.slice("...", 0)).shape,
      (await a.slice(null, 1, { coalesceGap: 1 << 20, concurrency: 2 })).shape,
      (await a.slice()).shape,
      (await a.rows(1)).shape,
      a.plan([null, null, -1], { coalesceGap: 0 }).shape,
    ];
    expect(shapes).toEqual([[2, 2], [2, 2], [3], [4], [2, 4], [3], [3], [3, 4], [2, 4], [3, 4]]);
  });
});

describe("plan", () => {
  it("reports runs, reads and bytes for C and Fortran order", async () => {
    const c = await fixture("npy/i4-2d.npy");
    const f = await fixture("npy/i4-2d-fortran.npy");
    // a[1] is one run of 4 elements in C order, 4 runs 8 bytes apart (a gap of 2 elements) in Fortran order
    expect(c.plan(1)).toMatchObject({ shape: [4], runs: 1, requests: 1, bytes: 16, selectedBytes: 16 });
    expect(f.plan(1, { coalesceGap: 0 })).toMatchObject({ runs: 4, requests: 4, bytes: 16 });
    expect(f.plan(1, { coalesceGap: 7 })).toMatchObject({ runs: 4, requests: 4, bytes: 16 });
    expect(f.plan(1, { coalesceGap: 8 })).toMatchObject({ runs: 4, requests: 1, bytes: 40 });
    // a[:, 2] is one run in Fortran order
    expect(f.plan(null, 2)).toMatchObject({ runs: 1, requests: 1, bytes: 12 });
    expect(f.plan(null, 2).offsets).toEqual([f.header.dataOffset + 2 * 3 * 4]);
  });

  it("refuses a slice over maxBytes or maxRequests before reading", async () => {
    const reads: number[] = [];
    const bytes = readFixture("npy/i4-2d.npy");
    const source = logged(bytes, reads);
    const a = await openNpy(source, { maxBytes: 32 });
    reads.length = 0;
    expect(await failure(() => a.slice())).toSatisfy((e: unknown) => isNpyError(e, "LIMIT_EXCEEDED"));
    expect(await failure(() => a.slice(null, 1, { coalesceGap: 0, maxRequests: 2 }))).toSatisfy(
      (e: unknown) => isNpyError(e, "LIMIT_EXCEEDED"),
    );
    expect(reads).toEqual([]);
    expect((await a.slice([0, 2])).shape).toEqual([2, 4]);
  });
});

describe("reading", () => {
  it("fails with TRUNCATED at open when the source is shorter than the header declares", async () => {
    const bytes = readFixture("npy/f4-random-1000.npy");
    const err = await failure(() => openNpy(bytesSource(bytes.subarray(0, bytes.length - 1))));
    expect(err).toSatisfy((e: unknown) => isNpyError(e, "TRUNCATED"));
  });

  it("fails with TRUNCATED when a source without a size ends early", async () => {
    const bytes = readFixture("npy/f4-random-1000.npy").subarray(0, 600);
    const source: ByteSource = { read: (o, n) => Promise.resolve(bytes.subarray(o, o + n)) };
    const a = await openNpy(source);
    expect(await failure(() => a.slice([100, 200]))).toSatisfy((e: unknown) => isNpyError(e, "TRUNCATED"));
  });

  it("keeps at most `concurrency` reads in flight, and reports progress per read", async () => {
    const bytes = readFixture("npy/f4-random-1000.npy");
    let inFlight = 0;
    let most = 0;
    const source: ByteSource = {
      size: bytes.length,
      async read(o, n) {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return bytes.subarray(o, o + n);
      },
    };
    const a = await openNpy(source);
    const progress: ProgressInfo[] = [];
    const got = await a.slice([null, null, 10], {
      coalesceGap: 0,
      concurrency: 3,
      onProgress: (p) => progress.push(p),
    });
    expect(got.shape).toEqual([100]);
    expect(most).toBe(3);
    expect(progress.length).toBe(100);
    expect(progress.at(-1)).toEqual({ loaded: 400, total: 400 });
    expect(progress.map((p) => p.loaded)).toEqual(progress.map((_, i) => 4 * (i + 1)));
    // the default: 6 at a time
    most = 0;
    await a.slice([null, null, 10], { coalesceGap: 0 });
    expect(most).toBe(6);
  });

  it("stops on abort: ABORTED, and no read starts after it", async () => {
    const bytes = readFixture("npy/f4-random-1000.npy");
    const controller = new AbortController();
    let started = 0;
    const source: ByteSource = {
      size: bytes.length,
      read(o, n, opts) {
        started++;
        if (started === 5) controller.abort();
        if (opts?.signal?.aborted) return Promise.reject(new DOMException("aborted", "AbortError"));
        return Promise.resolve(bytes.subarray(o, o + n));
      },
    };
    const a = await openNpy(source);
    started = 0;
    const err = await failure(() =>
      a.slice([null, null, 10], { coalesceGap: 0, concurrency: 2, signal: controller.signal }),
    );
    expect(err).toSatisfy((e: unknown) => isNpyError(e, "ABORTED"));
    expect(started).toBeLessThanOrEqual(6);
    const already = await failure(() => a.slice(0, { signal: AbortSignal.abort() }));
    expect(already).toSatisfy((e: unknown) => isNpyError(e, "ABORTED"));
  });

  it("returns a view of the source's bytes for a contiguous slice of a bytesSource, as numpy's a[i:j] is a view", async () => {
    const bytes = readFixture("npy/i4-2d.npy");
    const a = await openNpy(bytesSource(bytes));
    const rows = (await a.slice([1, 3])).data as Int32Array;
    expect(rows.buffer).toBe(bytes.buffer);
    const column = (await a.slice(null, 1)).data as Int32Array;
    expect(column.buffer).not.toBe(bytes.buffer);
  });
});
