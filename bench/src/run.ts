/**
 * `pnpm bench`: generates the inputs with numpy, runs every case (JS side in a fresh process per
 * round, then numpy's side, then one process per memory measurement), and writes bench/RESULTS.md.
 * Environment: BENCH_SCALE (sizes, default 1), BENCH_ROUNDS (3), BENCH_ITERATIONS (5),
 * BENCH_CASES (e.g. "2,4"), BENCH_OUT (RESULTS.md path; a scaled run writes .tmp/RESULTS-scale-*.md),
 * BENCH_NPYIO ("head": packages/ as committed, the default; "worktree": as on disk), BENCH_RENDER
 * BENCH_RECORD (where to save this run's record, default .tmp/run-scale-*.json), BENCH_RENDER
 * (a .tmp/run-*.json of an earlier run: render its RESULTS.md again, e.g. after editing
 * src/analysis.ts, without measuring; several, comma-separated, join runs of different cases into
 * one report, each case from the last run that has it, the machine and the runs listed).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { aggregate } from "./aggregate.js";
import { analysis } from "./analysis.js";
import { HUGE_PAGE_ENV, hugePages, type Manifest } from "./bench-case.js";
import { cases } from "./cases/index.js";
import { runChild, runNumpy, runWorker } from "./child.js";
import { benchDir, inputsDir, iterations, rounds, scale, selectedCases } from "./config.js";
import { describeMachine } from "./machine.js";
import type { Measurements } from "./measurement.js";
import { prepareNpyio } from "./npyio-snapshot.js";
import { type CaseReport, type RunInfo, renderResults } from "./results-md.js";

/** Everything a run measured: enough to render RESULTS.md again (BENCH_RENDER) without rerunning. */
interface RunRecord {
  run: RunInfo;
  inputsDir: string;
  manifest: Manifest;
  selected: number[];
  perRound: Record<number, Measurements[]>;
}

function merge(into: Measurements, from: Measurements | { error: string }, names: string[]): void {
  if ("error" in from && typeof from.error === "string") {
    for (const n of names) into[n] ??= { kind: "failed", reason: from.error };
    return;
  }
  Object.assign(into, from);
}

/** Where a run's record is saved: BENCH_RECORD, else by scale (two runs at once need their own). */
const recordPath = (scaleOf: number, full: boolean) =>
  process.env.BENCH_RECORD ?? join(benchDir, ".tmp", `run-scale-${scaleOf}${full ? "" : "-partial"}.json`);

async function measure(): Promise<RunRecord> {
  const started = performance.now();
  const machine = describeMachine();
  const npyio = prepareNpyio();
  machine.commit = npyio.description;
  process.stderr.write(
    `bench: scale ${scale}, ${rounds} rounds × ${iterations} iterations, inputs in ${inputsDir}\n`,
  );
  mkdirSync(inputsDir, { recursive: true });
  const gen = await runChild("python3", [join(benchDir, "py", "gen_inputs.py"), inputsDir, String(scale)]);
  if (gen.code !== 0) throw new Error(`gen_inputs.py failed: ${gen.stderr}`);
  const manifest = JSON.parse(gen.stdout.trim().split("\n").pop()!) as Manifest;
  const chosen = cases.filter((c) => !selectedCases || selectedCases.has(c.id));
  const perRound: Record<number, Measurements[]> = Object.fromEntries(chosen.map((c) => [c.id, []]));
  const snapshot = (): RunRecord => ({
    run: {
      machine,
      scale,
      rounds,
      iterations,
      inputs: manifest.files,
      durationS: (performance.now() - started) / 1000,
      loadAfter: loadavg()
        .map((l) => l.toFixed(2))
        .join(" / "),
    },
    inputsDir,
    manifest,
    selected: chosen.map((c) => c.id),
    perRound,
  });
  const savePath = recordPath(scale, scale === 1 && chosen.length === cases.length);
  for (let round = 1; round <= rounds; round++) {
    for (const c of chosen) {
      process.stderr.write(`round ${round}/${rounds}, case ${c.id}: ${c.title}\n`);
      const m: Measurements = {};
      merge(m, await runWorker([String(c.id), "time"], npyio.tsconfig), [`case ${c.id}`]);
      if (c.hugePageTasks?.length) {
        merge(
          m,
          await runWorker([String(c.id), "huge"], npyio.tsconfig, HUGE_PAGE_ENV),
          c.hugePageTasks.map(hugePages),
        );
      }
      if (c.numpy) merge(m, await runNumpy(inputsDir, c.id, iterations), [`numpy (case ${c.id})`]);
      // peak RSS hardly varies with the machine's load: one fresh process per task, first round only
      for (const task of round === 1 ? c.memoryTasks : []) {
        merge(m, await runWorker([String(c.id), "memory", task], npyio.tsconfig), [`${task} (memory)`]);
      }
      perRound[c.id]!.push(m);
      // saved after every case, so an interrupted run can still be rendered (BENCH_RENDER)
      writeFileSync(savePath, JSON.stringify(snapshot(), null, 2));
    }
  }
  return snapshot();
}

/** Runs of different cases as one record: each case from the last run that has it. */
function joinRecords(records: RunRecord[]): RunRecord {
  if (records.length === 1) return records[0]!;
  const first = records[0]!;
  const perRound: Record<number, Measurements[]> = {};
  for (const rec of records) Object.assign(perRound, rec.perRound);
  const parts = records.map(
    (rec) =>
      `cases ${rec.selected.join(", ")}: ${rec.run.machine.date}, ${rec.run.rounds} round(s) × ${rec.run.iterations} iterations, ${rec.run.durationS.toFixed(0)} s, load ${rec.run.machine.load} → ${rec.run.loadAfter}, ${rec.run.machine.commit}`,
  );
  return {
    ...first,
    run: {
      ...first.run,
      durationS: records.reduce((n, rec) => n + rec.run.durationS, 0),
      inputs: Object.assign({}, ...records.map((rec) => rec.run.inputs)),
      parts,
    },
    selected: [...new Set(records.flatMap((rec) => rec.selected))].sort((a, b) => a - b),
    perRound,
  };
}

const rendering = process.env.BENCH_RENDER;
const record: RunRecord = rendering
  ? joinRecords(rendering.split(",").map((path) => JSON.parse(readFileSync(path, "utf8")) as RunRecord))
  : await measure();
const full = record.run.scale === 1 && record.selected.length === cases.length;
if (!rendering) {
  const json = recordPath(record.run.scale, full);
  writeFileSync(json, JSON.stringify(record, null, 2));
  process.stderr.write(`bench: raw results in ${json} (BENCH_RENDER=<it> renders them again)\n`);
}

const reports: CaseReport[] = cases
  .filter((c) => record.selected.includes(c.id))
  .map((c) => {
    const measurements = aggregate(record.perRound[c.id]!);
    const verdicts = c.evaluate(measurements, { inputsDir: record.inputsDir, manifest: record.manifest });
    return { benchCase: c, measurements, verdicts };
  });
const out =
  process.env.BENCH_OUT ??
  (full ? join(benchDir, "RESULTS.md") : join(benchDir, ".tmp", `RESULTS-scale-${record.run.scale}.md`));
writeFileSync(out, renderResults(record.run, reports, analysis));
process.stderr.write(`bench: wrote ${out}\n`);
for (const r of reports) {
  for (const v of r.verdicts)
    process.stderr.write(`  ${r.benchCase.id}. ${v.what}: ${v.value} ${v.status}\n`);
}
