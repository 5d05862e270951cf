/**
 * One campaign worker thread: generates inputs [start, end) of a seed and runs them, reporting counts
 * every `reportEvery` inputs and each violation at once. It writes the index it is working on into
 * shared memory before each input, so the parent knows which input hung or exhausted memory when
 * it has to terminate the thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { installAllocationTracker } from "./alloc-tracker.js";

export interface WorkerJob {
  seed: number;
  start: number;
  end: number;
  skip: number[];
  /** Int32Array over a SharedArrayBuffer: [0] = index of the input being run. */
  current: SharedArrayBuffer;
  mode: "all" | "quick";
  asyncShare: number;
  timeoutMs: number;
  reportEvery: number;
}

export type WorkerMessage =
  | { type: "progress"; next: number; inputs: number; counts: [string, string, number][] }
  | {
      type: "finding";
      index: number;
      recipe: string;
      kind: string;
      target: string;
      result: string;
      detail: string;
      bytes: Uint8Array;
    }
  | { type: "done" };

installAllocationTracker();
const { loadCorpus } = await import("./corpus.js");
const { generateInput } = await import("./input-generator.js");
const { runInput } = await import("./run-input.js");
const { knownBug } = await import("./known-bugs.js");
const { VIOLATIONS } = await import("./run-input.js");
const { targets } = await import("./targets.js");

const job = workerData as WorkerJob;
const current = new Int32Array(job.current);
const corpus = loadCorpus();
const skip = new Set(job.skip);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

let counts = new Map<string, number>();
let inputs = 0;
const flush = (next: number) => {
  const rows = [...counts].map(([k, n]) => {
    const [target, result] = k.split("\u0000") as [string, string];
    return [target, result, n] as [string, string, number];
  });
  post({ type: "progress", next, inputs, counts: rows });
  counts = new Map();
  inputs = 0;
};

for (let index = job.start; index < job.end; index++) {
  if (skip.has(index)) continue;
  Atomics.store(current, 0, index);
  const input = generateInput(job.seed, index, corpus);
  const outcomes = await runInput(input, targets, {
    mode: job.mode,
    asyncShare: job.asyncShare,
    timeoutMs: job.timeoutMs,
  });
  inputs++;
  for (const o of outcomes) {
    const bug = VIOLATIONS.has(o.result) ? knownBug(o) : undefined;
    const result = bug ? `KNOWN:${bug.id}` : o.result;
    const key = `${o.target}\u0000${result}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (VIOLATIONS.has(o.result) && !bug) {
      post({
        type: "finding",
        index,
        recipe: input.recipe,
        kind: input.kind,
        target: o.target,
        result,
        detail: o.detail ?? "",
        bytes: input.bytes,
      });
    }
  }
  if ((index + 1 - job.start) % job.reportEvery === 0) flush(index + 1);
}
flush(job.end);
post({ type: "done" });
