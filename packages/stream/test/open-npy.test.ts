/**
 * openNpy against numpy: random arrays (1-4 axes; numeric, string and structured dtypes; C and
 * Fortran order) written by numpy, random basic indices, and every slice compared with numpy's
 * a[index] on the same file, from bytes, from a file and over HTTP; plus what each slice costs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DType, decode, type NpyArray, type NpyData } from "@npyio/dtype";
import { isNpyError } from "@npyio/header";
import { bytesSource } from "@npyio/stream";
import { httpSource } from "@npyio/stream/http";
import { fileSource } from "@npyio/stream/node";
import { type AxisIndex, type NpyReader, openNpy, type SliceOptions } from "@npyio/stream/slice";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { missing, NGINX, startNginx } from "./real-servers.js";

const hasNumpy = requireNumpy("the slice tests against numpy's a[index]");

const ORACLE = new URL("./slice-oracle.py", import.meta.url).pathname;
const SEED = Number(process.env.NPYIO_SLICE_SEED ?? 20261204);

/** The dtypes of the property test, as numpy spells them (a field list for a structured dtype). */
const DTYPES: unknown[] = [
  "<f4",
  ">f8",
  "<i2",
  "|u1",
  "|b1",
  "<c8",
  ">i8",
  "<f2",
  ">u4",
  "<M8[s]",
  "<U3",
  "|S5",
  [
    ["a", "<i4"],
    ["b", ">f8"],
    ["c", "|S3"],
  ],
  [
    ["x", "<f4", [2]],
    ["n", "<u2"],
  ],
  [
    ["s", "<U2"],
    ["i", "|i1"],
  ],
];

type Entry = null | number | [number | null, number | null, (number | null)?] | "...";

interface Case {
  dtype: unknown;
  shape: number[];
  fortran: boolean;
  seed: number;
  indices: Entry[][];
  coalesceGap: number | undefined;
}

/** One entry of an index for an axis of `size`: mostly in bounds, sometimes past them. */
const entryFor = (size: number): fc.Arbitrary<Entry> => {
  const bound = fc.option(fc.integer({ min: -size - 3, max: size + 3 }), { nil: null });
  const step = fc.constantFrom(null, 1, 1, 2, 3, -1, -1, -2, -3, 100, 0);
  return fc.oneof(
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: fc.integer({ min: -size - 1, max: size }), weight: 2 },
    { arbitrary: fc.tuple(bound, bound), weight: 2 },
    { arbitrary: fc.tuple(bound, bound, step), weight: 3 },
  );
};

/** An index for `shape`: some leading axes (sometimes one too many), sometimes with a `...`. */
const indexFor = (shape: number[]): fc.Arbitrary<Entry[]> =>
  fc
    .tuple(
      fc.tuple(...shape.map(entryFor), entryFor(3)),
      fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: shape.length }), weight: 10 },
        { arbitrary: fc.constant(shape.length + 1), weight: 1 },
      ),
      fc.option(fc.integer({ min: 0, max: shape.length }), { nil: undefined, freq: 3 }),
    )
    .map(([entries, n, ellipsis]) => {
      const index: Entry[] = entries.slice(0, n);
      if (ellipsis !== undefined && n <= shape.length) index.splice(Math.min(ellipsis, n), 0, "...");
      return index;
    });

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    dtype: fc.constantFrom(...DTYPES),
    shape: fc.array(
      fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 7 }), weight: 12 },
        { arbitrary: fc.constant(0), weight: 1 },
      ),
      { minLength: 1, maxLength: 4 },
    ),
    fortran: fc.boolean(),
    seed: fc.nat(),
    coalesceGap: fc.constantFrom(undefined, 0, 0, 16, 1 << 30),
  })
  .chain((c) =>
    fc.array(indexFor(c.shape), { minLength: 6, maxLength: 6 }).map((indices) => ({ ...c, indices })),
  );

/** numpy's text for an index. */
const numpyText = (index: Entry[]): string =>
  index
    .map((e) => {
      if (e === null) return ":";
      if (typeof e !== "object") return String(e);
      const [start, stop, step] = e;
      return `${start ?? ""}:${stop ?? ""}${step === undefined ? "" : `:${step ?? ""}`}`;
    })
    .join(", ");

type Answer = { shape: number[]; hex: string } | { error: string; message: string };

/** Larger arrays with the slices the cost tests measure (their values are checked like the rest). */
const costCases: Case[] = (
  [
    {
      dtype: "<f4",
      shape: [64, 4096],
      fortran: false,
      indices: [[[10, 20]], [null, [1024, 2048]], [[null, null, 2]], [null, 7]],
    },
    { dtype: "<f4", shape: [64, 1056], fortran: false, indices: [[null, [null, 1024]]] },
    { dtype: "<f4", shape: [4096, 64], fortran: true, indices: [[null, 7], [[100, 1124]]] },
  ] as Omit<Case, "seed" | "coalesceGap">[]
).map((c, i) => ({ ...c, seed: i, coalesceGap: undefined }));
const COST = 160;
const cases = [...fc.sample(caseArbitrary, { seed: SEED, numRuns: COST }), ...costCases];
const dir = mkdtempSync(join(tmpdir(), "npyio-slice-"));
const pathOf = (i: number) => join(dir, `a${i}.npy`);
let answers: Answer[][] = [];
const noNginx = missing(NGINX);
let server: CountedServer;

/** What the server sent: one entry per request, from its access log. */
interface CountedServer {
  url(path: string): string;
  /** Starts counting from here. */
  reset(): void;
  /** The requests since `reset()`, once at least `expected` of them are logged (nginx logs each as it ends). */
  since(expected: number): Promise<{ status: number; bytes: number }[]>;
  close(): Promise<void>;
}

/** nginx (Debian's nginx-light, as users serve files) on `root`, counting requests in its access log. */
async function startCountedNginx(root: string): Promise<CountedServer> {
  const logDir = mkdtempSync(join(tmpdir(), "npyio-slice-log-"));
  const log = join(logDir, "access.log");
  const nginx = await startNginx(root, `location / { access_log ${log} combined; }`);
  const lines = () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []);
  let seen = 0;
  return {
    url: nginx.url,
    reset() {
      seen = lines().length;
    },
    async since(expected) {
      // waits for the log, never asserts on time: a missing line fails the count after 10 s
      for (let i = 0; i < 400 && lines().length - seen < expected; i++)
        await new Promise((r) => setTimeout(r, 25));
      return lines()
        .slice(seen)
        .map((line) => {
          const [, status, bytes] = /" (\d{3}) (\d+) "/.exec(line) ?? [];
          return { status: Number(status), bytes: Number(bytes) };
        });
    },
    async close() {
      await nginx.close();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

beforeAll(async () => {
  if (!hasNumpy) return;
  const run = spawnSync("python3", [ORACLE], {
    input: JSON.stringify(
      cases.map((c, i) => ({ ...c, path: pathOf(i), indices: c.indices.map(numpyText) })),
    ),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`the numpy oracle failed: ${run.stderr}`);
  answers = JSON.parse(run.stdout) as Answer[][];
  if (!noNginx) server = await startCountedNginx(dir);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const decodeAll = decode as (dtype: DType, bytes: Uint8Array, options?: { count?: number }) => NpyData;
const hexBytes = (hex: string) => new Uint8Array(Buffer.from(hex, "hex"));

/** Slices `reader` with `args` and checks the result (or the error) against numpy's answer. */
async function check(reader: NpyReader, args: (AxisIndex | SliceOptions)[], want: Answer, what: string) {
  const got: NpyArray | Error = await reader.slice(...(args as AxisIndex[])).catch((err: Error) => err);
  if ("error" in want) {
    expect(got, `${what}: numpy says ${want.error}: ${want.message}`).toSatisfy((e: unknown) =>
      isNpyError(e, "INVALID_ARGUMENT"),
    );
    expect((got as Error).message, what).toContain(want.message);
    return;
  }
  if (got instanceof Error) throw new Error(`${what}: ${got.message}; numpy gives shape ${want.shape}`);
  const count = want.shape.reduce((a, b) => a * b, 1);
  expect(got.shape, what).toEqual(want.shape);
  expect(got.fortranOrder, what).toBe(false);
  expect(got.dtype, what).toBe(reader.dtype);
  const expected = decodeAll(reader.dtype, hexBytes(want.hex), { count });
  // typed arrays compare by their bytes (fast, and exact for NaN payloads); lists and records deeply
  if (ArrayBuffer.isView(got.data) && ArrayBuffer.isView(expected)) {
    expect(got.data.constructor, what).toBe(expected.constructor);
    expect(Buffer.from(bytesOf(got.data)).equals(bytesOf(expected)), what).toBe(true);
  } else expect(got.data, what).toEqual(expected);
}

const bytesOf = (v: ArrayBufferView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

const describeNumpy = hasNumpy ? describe : describe.skip;

describeNumpy(`slice equals numpy's a[index] (fast-check seed ${SEED}, NPYIO_SLICE_SEED to change)`, () => {
  /** Every case and index on the readers `open` makes, by the array form and by numpy's text. */
  async function everyCase(open: (i: number) => Promise<NpyReader>) {
    for (const [i, c] of cases.entries()) {
      const reader = await open(i);
      const options: SliceOptions = { coalesceGap: c.coalesceGap };
      for (const [j, index] of c.indices.entries()) {
        const what = `a${i} ${JSON.stringify(c.dtype)} ${c.fortran ? "F" : "C"} [${c.shape}] [${numpyText(index)}] gap ${c.coalesceGap}`;
        await check(reader, [...index, options], answers[i]![j]!, what);
        await check(reader, [numpyText(index), options], answers[i]![j]!, `${what} (text)`);
      }
      await reader.close();
    }
  }

  it("from bytes in memory", async () => {
    await everyCase((i) => openNpy(bytesSource(readFileSync(pathOf(i)))));
  });

  it("from a file", async () => {
    await everyCase(async (i) => openNpy(await fileSource(pathOf(i))));
  });

  it.skipIf(noNginx)(
    "over HTTP from nginx, with one request for the header and one per planned read",
    async () => {
      for (const [i, c] of cases.entries()) {
        if (i % 4) continue; // every fourth array: HTTP is the slow path of this test
        server.reset();
        const reader = await openNpy(httpSource(server.url(`a${i}.npy`)));
        const size = reader.source.size!;
        expect(await server.since(1)).toEqual([{ status: 206, bytes: Math.min(1024, size) }]);
        for (const [j, index] of c.indices.entries()) {
          server.reset();
          const what = `a${i} [${c.shape}] [${numpyText(index)}] over HTTP`;
          const options: SliceOptions = { coalesceGap: c.coalesceGap };
          await check(reader, [...index, options], answers[i]![j]!, what);
          if ("error" in answers[i]![j]!) {
            expect(await server.since(0), what).toEqual([]);
            continue;
          }
          const plan = reader.plan(...index, options);
          const sent = await server.since(plan.requests);
          expect(sent.length, what).toBe(plan.requests);
          expect(
            sent.every((r) => r.status === 206),
            what,
          ).toBe(true);
          expect(
            sent.reduce((n, r) => n + r.bytes, 0),
            what,
          ).toBe(plan.bytes);
        }
      }
    },
  );

  it("plans reads that cover every selected byte, merging only gaps up to coalesceGap", async () => {
    for (const [i, c] of cases.entries()) {
      const reader = await openNpy(bytesSource(readFileSync(pathOf(i))));
      for (const [j, index] of c.indices.entries()) {
        if ("error" in answers[i]![j]!) continue;
        const gap = c.coalesceGap ?? 128;
        const plan = reader.plan(...index, { coalesceGap: c.coalesceGap });
        const what = `a${i} [${c.shape}] [${numpyText(index)}] gap ${gap}`;
        expect(plan.bytes, what).toBeGreaterThanOrEqual(plan.selectedBytes);
        expect(plan.requests, what).toBeLessThanOrEqual(plan.runs);
        // each merge reads one gap of at most coalesceGap bytes
        expect(plan.bytes - plan.selectedBytes, what).toBeLessThanOrEqual((plan.runs - plan.requests) * gap);
        for (let k = 1; k < plan.requests; k++) {
          expect(plan.offsets[k]! - (plan.offsets[k - 1]! + plan.lengths[k - 1]!), what).toBeGreaterThan(gap);
        }
        if (c.coalesceGap === 1 << 30) expect(plan.requests, what).toBe(plan.selectedBytes ? 1 : 0);
      }
    }
  });
});

describeNumpy("what a slice costs over HTTP, counted by nginx", () => {
  const table: [name: string, at: number, index: number, options: SliceOptions, reads: number][] = [
    ["C a[10:20]: one run", 0, 0, {}, 1],
    ["C a[:, 1024:2048]: 64 runs of 4 KiB, 12 KiB apart", 0, 1, {}, 64],
    ["C a[::2]: 32 runs of 16 KiB", 0, 2, {}, 32],
    ["C a[:, 7]: 64 runs of 4 bytes, 16 KiB apart", 0, 3, {}, 64],
    ["C a[:, 7] merging gaps up to 1 MiB: one read", 0, 3, { coalesceGap: 1 << 20 }, 1],
    ["C a[:, :1024] of 1056 columns: 4 KiB runs 128 bytes apart merge", 1, 0, {}, 1],
    ["F a[:, 7]: one run", 2, 0, {}, 1],
    ["F a[100:1124]: one 4 KiB run per column", 2, 1, {}, 64],
  ];
  it.skipIf(noNginx).each(table)("%s", async (_, at, index, options, reads) => {
    const i = COST + at;
    server.reset();
    const reader = await openNpy(httpSource(server.url(`a${i}.npy`)));
    const [header] = await server.since(1);
    server.reset();
    const result = await reader.slice(...cases[i]!.indices[index]!, options);
    const plan = reader.plan(...cases[i]!.indices[index]!, options);
    const selected = plan.selectedBytes;
    expect(result.shape).toEqual(plan.shape);
    expect(plan.requests).toBe(reads);
    // one request for the header (above), then one per read after merging
    const sent = await server.since(plan.requests);
    expect(sent.length).toBe(plan.requests);
    const bytes = sent.reduce((n, r) => n + r.bytes, 0);
    expect(bytes).toBe(plan.bytes);
    const runBytes = selected / plan.runs;
    if (runBytes >= 4096 && options.coalesceGap === undefined) {
      expect(bytes + header!.bytes).toBeLessThanOrEqual(1.05 * selected + header!.bytes);
    }
  });
});
