/**
 * `pnpm fuzz`: the long campaign. Runs inputs [start, start + count) of a seed in worker threads
 * (each a slice of the range), prints progress and, at the end, counts per target and per result.
 * Every violation is written to the crashers folder (the input and a .json describing it) for
 * triage; replay one with `--start <index> --count 1`. A worker that stops answering for
 * `--stall` ms (a synchronous hang) or dies (out of memory) is terminated; the input it was on is
 * recorded as a HANG or CRASH and the worker restarts after it.
 *
 * Quick mode (default) runs every .npy input through the synchronous entry points and, with
 * probability --async-share, one async entry point; every archive through one async entry point.
 * Mode "all" runs every input through every entry point (about 10× slower).
 *
 *   pnpm fuzz                          # 1 000 000 inputs, seed 1, quick mode, 1 worker
 *   pnpm fuzz --count 50000 --seed 7 --mode all --workers 2 --out /tmp/crashers
 *   pnpm fuzz --triage /tmp/crashers   # replay each finding: does it reproduce, how long does it take
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import type { WorkerJob, WorkerMessage } from "./campaign-worker.js";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    seed: { type: "string", default: "1" },
    start: { type: "string", default: "0" },
    workers: { type: "string", default: "1" },
    mode: { type: "string", default: "quick" },
    "async-share": { type: "string", default: "0.5" },
    timeout: { type: "string", default: "2000" },
    stall: { type: "string", default: "30000" },
    out: { type: "string", default: "crashers" },
    "report-every": { type: "string", default: "2000" },
    triage: { type: "string" },
  },
});

if (args.triage !== undefined) {
  const { triage } = await import("./triage.js");
  await triage(resolve(args.triage), Number(args.timeout === "2000" ? "60000" : args.timeout));
  process.exit(0);
}

const seed = Number(args.seed);
const start = Number(args.start);
const count = Number(args.count);
const workers = Math.max(1, Number(args.workers));
const mode = args.mode === "all" ? "all" : "quick";
const out = resolve(args.out);
const stallMs = Number(args.stall);

const totals = new Map<string, Map<string, number>>();
const byResult = new Map<string, number>();
let done = 0;
let findings = 0;
const began = Date.now();

function record(target: string, result: string, n: number): void {
  const row = totals.get(target) ?? new Map<string, number>();
  totals.set(target, row);
  row.set(result, (row.get(result) ?? 0) + n);
  byResult.set(result, (byResult.get(result) ?? 0) + n);
}

function saveFinding(f: Omit<Extract<WorkerMessage, { type: "finding" }>, "type">): void {
  findings++;
  mkdirSync(out, { recursive: true });
  const base = `${seed}-${f.index}-${f.target.replace(/[^\w.]+/g, "_")}-${f.result.replace(/\W+/g, "_")}`;
  writeFileSync(join(out, `${base}.${f.kind}`), f.bytes);
  const { bytes: _, ...meta } = f;
  writeFileSync(join(out, `${base}.json`), `${JSON.stringify({ seed, ...meta }, null, 2)}\n`);
  console.log(`  ! #${f.index} ${f.recipe} → ${f.target}: ${f.result} ${f.detail.slice(0, 200)}`);
}

/** Runs [from, to) in one worker, restarting it past any input that kills or hangs it. */
async function runSlice(from: number, to: number): Promise<void> {
  const skip: number[] = [];
  let next = from;
  while (next < to) {
    const current = new SharedArrayBuffer(4);
    const index = new Int32Array(current);
    Atomics.store(index, 0, next);
    const job: WorkerJob = {
      seed,
      start: next,
      end: to,
      skip,
      current,
      mode,
      asyncShare: Number(args["async-share"]),
      timeoutMs: Number(args.timeout),
      reportEvery: Number(args["report-every"]),
    };
    // Node 20 does not hand the TypeScript loader to worker threads: register it in the worker first
    const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(
      new URL("./campaign-worker.ts", import.meta.url).href,
    )}); });`;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    const failed = await new Promise<"done" | "hang" | "died">((resolveRun) => {
      let last = Date.now();
      let lastIndex = -1;
      const watchdog = setInterval(() => {
        const at = Atomics.load(index, 0);
        if (at !== lastIndex) {
          lastIndex = at;
          last = Date.now();
        } else if (Date.now() - last > stallMs) {
          clearInterval(watchdog);
          void worker.terminate();
          resolveRun("hang");
        }
      }, 500);
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "progress") {
          for (const [target, result, n] of m.counts) record(target, result, n);
          done += m.inputs;
          next = m.next;
          report();
        } else if (m.type === "finding") saveFinding(m);
        else if (m.type === "done") {
          clearInterval(watchdog);
          resolveRun("done");
        }
      });
      worker.on("error", (err) => {
        clearInterval(watchdog);
        if ((err as { code?: string }).code !== "ERR_WORKER_OUT_OF_MEMORY") {
          // not an input's doing: a bug in the harness (an input's own errors are caught in runInput)
          console.error(`the worker failed at #${Atomics.load(index, 0)}: ${err.stack ?? String(err)}`);
          process.exit(2);
        }
        resolveRun("died");
      });
      worker.on("exit", () => {
        clearInterval(watchdog);
        resolveRun("died");
      });
    });
    if (failed === "done") return;
    // the input the worker was on killed it: record it, then redo the slice from the last report
    const culprit = Atomics.load(index, 0);
    if (skip.includes(culprit)) return; // cannot make progress; already recorded
    skip.push(culprit);
    const { loadCorpus } = await import("./corpus.js");
    const { generateInput } = await import("./input-generator.js");
    const input = generateInput(seed, culprit, loadCorpus());
    const result = failed === "hang" ? "HANG" : "CRASH";
    record("(worker)", result, 1);
    saveFinding({
      index: culprit,
      recipe: input.recipe,
      kind: input.kind,
      target: "(worker)",
      result,
      detail:
        failed === "hang"
          ? `no progress for ${stallMs} ms (synchronous hang)`
          : "the worker died (out of memory?)",
      bytes: input.bytes,
    });
  }
}

let lastReport = 0;
function report(force = false): void {
  if (!force && Date.now() - lastReport < 10_000) return;
  lastReport = Date.now();
  const secs = (Date.now() - began) / 1000;
  const rate = done / Math.max(secs, 0.001);
  const eta = rate > 0 ? Math.round((count - done) / rate) : 0;
  console.log(`${done}/${count} inputs, ${rate.toFixed(0)}/s, ${findings} findings, eta ${eta} s`);
}

function format(): string {
  const sorted = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
  const lines = [`results over all targets: ${sorted(byResult)}`];
  for (const [target, row] of [...totals].sort()) lines.push(`  ${target}: ${sorted(row)}`);
  return lines.join("\n");
}

console.log(
  `fuzz campaign: seed ${seed}, inputs ${start}..${start + count}, mode ${mode}, ${workers} worker(s)`,
);
const per = Math.ceil(count / workers);
await Promise.all(
  Array.from({ length: workers }, (_, w) =>
    runSlice(start + w * per, Math.min(start + count, start + (w + 1) * per)),
  ),
);
report(true);
console.log(format());
console.log(findings === 0 ? "no violations" : `${findings} violations written to ${out}`);
process.exitCode = findings === 0 ? 0 : 1;
