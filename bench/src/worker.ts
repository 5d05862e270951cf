/**
 * One case in a fresh process, so each case (and each memory measurement) starts from a clean
 * heap and RSS. Usage: `worker.ts <case> time` or `worker.ts <case> memory <task name>`.
 * Prints `@@RESULT {json}` (a Measurements object) as its last line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Bench } from "tinybench";
import { median } from "./aggregate.js";
import { hugePages } from "./bench-case.js";
import type { BenchTask } from "./bench-task.js";
import { cases } from "./cases/index.js";
import { inputsDir, iterations } from "./config.js";
import type { Measurement, Measurements } from "./measurement.js";
import { loadNpyio } from "./npyio-api.js";
import { peakRss } from "./peak-rss.js";

declare const gc: (() => void) | undefined;

const errorText = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}`.split("\n")[0]! : String(err);

async function timeTask(task: BenchTask & { fn: () => unknown }): Promise<Measurement> {
  try {
    // one untimed call: checks the result and warms up the code
    const bad = task.check?.(await task.fn());
    if (bad !== undefined) return { kind: "failed", reason: bad };
  } catch (err) {
    return { kind: "failed", reason: errorText(err) };
  }
  const many = (task.iterations ?? 0) > 50;
  // CPU time per call, for the tasks long enough that reading it costs nothing measurable
  const cpu: number[] = [];
  const fn = many
    ? task.fn
    : async () => {
        const start = process.cpuUsage();
        const result = await task.fn();
        const used = process.cpuUsage(start);
        cpu.push(task.cpuOf ? task.cpuOf(result) : (used.user + used.system) / 1000);
        return result;
      };
  const bench = new Bench({
    iterations: task.iterations ?? iterations,
    time: task.timeMs ?? 0,
    warmup: many,
    warmupIterations: 20,
    throws: true,
  });
  bench.add(task.name, fn, {
    // big tasks leave hundreds of MiB behind: collect them outside the timed window
    beforeEach: many ? undefined : () => gc?.(),
  });
  try {
    await bench.run();
  } catch (err) {
    return { kind: "failed", reason: errorText(err) };
  }
  const result = bench.tasks[0]?.result;
  if (!result || !("latency" in result)) return { kind: "failed", reason: `tinybench: ${result?.state}` };
  return {
    kind: "time",
    medianMs: result.latency.p50,
    samples: result.latency.samplesCount,
    ...(cpu.length > 0 ? { cpuMs: median(cpu) } : {}),
    ...(task.bytes !== undefined ? { bytes: task.bytes } : {}),
  };
}

async function main(): Promise<void> {
  const [id, mode, taskName] = process.argv.slice(2);
  const benchCase = cases.find((c) => c.id === Number(id));
  if (!benchCase) throw new Error(`no case ${id}`);
  const manifest = JSON.parse(readFileSync(join(inputsDir, "manifest.json"), "utf8"));
  const api = await loadNpyio();
  const run = await benchCase.run({ inputsDir, manifest, api });
  const out: Measurements = {};
  try {
    if (mode === "memory") {
      const task = run.tasks.find((t) => t.name === taskName);
      const key = `${taskName} (memory)`;
      if (!task) out[key] = { kind: "failed", reason: "no such task" };
      else if (!task.fn) out[key] = { kind: "missing", reason: task.missing ?? "no function" };
      else {
        try {
          out[key] = { kind: "memory", ...(await peakRss(task.fn)) };
        } catch (err) {
          out[key] = { kind: "failed", reason: errorText(err) };
        }
      }
    } else {
      // "huge": only the case's hugePageTasks, in a process started with HUGE_PAGE_ENV
      const only = mode === "huge" ? new Set(benchCase.hugePageTasks ?? []) : undefined;
      for (const task of run.tasks.filter((t) => !only || only.has(t.name))) {
        const key = only ? hugePages(task.name) : task.name;
        out[key] = task.fn
          ? await timeTask(task as BenchTask & { fn: () => unknown })
          : { kind: "missing", reason: task.missing ?? "no function" };
        process.stderr.write(`  case ${id}: ${key}: ${JSON.stringify(out[key])}\n`);
      }
      if (run.probes && !only) {
        try {
          Object.assign(out, await run.probes());
        } catch (err) {
          out.probes = { kind: "failed", reason: errorText(err) };
        }
      }
    }
  } finally {
    await run.teardown?.();
  }
  process.stdout.write(`\n@@RESULT ${JSON.stringify(out)}\n`);
}

await main();
