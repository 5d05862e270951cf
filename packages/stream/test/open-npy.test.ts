/**
 * openNpy against numpy: random arrays (1-4 axes; numeric, string and structured dtypes; C and
 * Fortran order) written by numpy, random basic indices, and every slice compared with numpy's
 * a[index] on the same file, from bytes, from a file and over HTTP; plus what each slice costs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DType, decode, type NpyData } from "@npyio/dtype";
import { isNpyError } from "@npyio/header";
import {
  type AxisIndex,
  bytesSource,
  httpSource,
  type NpyReader,
  openNpy,
  type SliceOptions,
} from "@npyio/stream";
import { fileSource } from "@npyio/stream/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./http-server.js";
import { hasNumpy } from "./numpy.js";

if (!hasNumpy && process.env.CI) throw new Error("CI needs python3 with numpy for the slice tests");

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

const cases = fc.sample(caseArbitrary, { seed: SEED, numRuns: 120 });
const dir = mkdtempSync(join(tmpdir(), "npyio-slice-"));
const pathOf = (i: number) => join(dir, `a${i}.npy`);
let answers: Answer[][] = [];
let server: TestServer;

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
  server = await startServer(dir);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const decodeAll = decode as (dtype: DType, bytes: Uint8Array, options?: { count?: number }) => NpyData;
const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

/** Slices `reader` with `args` and checks the result (or the error) against numpy's answer. */
async function check(reader: NpyReader, args: (AxisIndex | SliceOptions)[], want: Answer, what: string) {
  const got = await reader.slice(...(args as AxisIndex[])).catch((err: unknown) => err);
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
  expect(got.data, what).toEqual(decodeAll(reader.dtype, hexBytes(want.hex), { count }));
}

const describeNumpy = hasNumpy ? describe : describe.skip;
if (!hasNumpy) console.warn("python3 with numpy not found: the slice property tests are skipped");

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

  it("over HTTP, with one request for the header and one per planned read", async () => {
    for (const [i, c] of cases.entries()) {
      if (i % 3) continue; // every third array: HTTP is the slow path of this test
      server.reset();
      const reader = await openNpy(httpSource(server.url(`a${i}.npy`)));
      const size = reader.source.size!;
      expect(server.ranges).toEqual(["bytes=0-1023"]);
      expect(server.bytesSent).toBe(Math.min(1024, size));
      for (const [j, index] of c.indices.entries()) {
        server.reset();
        const what = `a${i} [${c.shape}] [${numpyText(index)}] over HTTP`;
        const options: SliceOptions = { coalesceGap: c.coalesceGap };
        await check(reader, [...index, options], answers[i]![j]!, what);
        if ("error" in answers[i]![j]!) {
          expect(server.ranges, what).toEqual([]);
          continue;
        }
        const plan = reader.plan(...index, options);
        expect(server.ranges.length, what).toBe(plan.requests);
        expect(server.bytesSent, what).toBe(plan.bytes);
        expect(server.ranges.sort(), what).toEqual(
          plan.offsets.map((o, k) => `bytes=${o}-${o + plan.lengths[k]! - 1}`).sort(),
        );
      }
    }
  });

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
