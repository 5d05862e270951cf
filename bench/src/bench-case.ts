import type { BenchTask, CaseRun } from "./bench-task.js";
import type { Measurement, Measurements } from "./measurement.js";
import type { NpyioApi } from "./npyio-api.js";

/** bench/.tmp/scale-*\/manifest.json, written by py/gen_inputs.py. */
export interface Manifest {
  params: {
    scale: number;
    numpy: string;
    f4_count: number;
    f8_count: number;
    npz_member_count: number;
    str_count: number;
    struct_count: number;
    rows_count: number;
    rows_width: number;
  };
  files: Record<string, number>;
}

export interface CaseContext {
  inputsDir: string;
  manifest: Manifest;
  api: NpyioApi;
}

export type VerdictStatus = "PASS" | "MISS" | "not measured" | "report";

/** One row of RESULTS.md: a target (or a reported quantity) and how this run did. */
export interface Verdict {
  what: string;
  target: string;
  /** The measured ratio or quantity, formatted. */
  value: string;
  status: VerdictStatus;
  /** Why, for MISS and "not measured"; what the numbers say, for the rest. */
  detail?: string;
  /**
   * The same ratio on CPU time (user + system, all threads), where both sides have it: on a
   * machine shared with other jobs it is the steadier estimate of the code's own cost.
   */
  cpu?: { value: string; status: VerdictStatus };
}

export interface BenchCase {
  id: number;
  title: string;
  /** py/numpy_bench.py has this case. */
  numpy: boolean;
  /** Tasks whose peak RSS is measured, each alone in a fresh child process. */
  memoryTasks: string[];
  /**
   * Tasks timed a second time in a worker started with `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`
   * (glibc ≥ 2.35 then asks for transparent huge pages on large allocations, as numpy does for its
   * arrays); their results are named {@link hugePages}(task).
   */
  hugePageTasks?: string[];
  /** Child-process side: the tasks and probes, with inputs loaded. */
  run(ctx: CaseContext): Promise<CaseRun>;
  /** Orchestrator side: targets from the medians of all rounds. */
  evaluate(m: Measurements, ctx: Omit<CaseContext, "api">): Verdict[];
}

export type { BenchTask, CaseRun };

/** The environment of the huge-page worker, and the name its results carry. */
export const HUGE_PAGE_ENV = { GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" };
export const hugePages = (task: string): string => `${task} [Node with glibc.malloc.hugetlb=1]`;

/** Why a measurement has no number, or undefined if it has one. */
export function unavailable(name: string, m: Measurement | undefined): string | undefined {
  if (m === undefined) return `${name}: not run`;
  if (m.kind === "missing") return `${name}: ${m.reason}`;
  if (m.kind === "failed") return `${name} failed: ${m.reason}`;
  return undefined;
}

export const fmtRatio = (r: number): string => `${r.toFixed(2)}×`;

/**
 * A "numerator / denominator ≤ (or ≥) limit" target over two timings of the same run. The ratio
 * is of median times, so "≤ 1.10×" means "at most 10 % slower".
 */
export function timeRatioVerdict(
  m: Measurements,
  what: string,
  target: string,
  num: string,
  den: string,
  limit: { max?: number; min?: number },
  onMiss?: (ratio: number) => string,
): Verdict {
  const why = unavailable(num, m[num]) ?? unavailable(den, m[den]);
  const a = m[num];
  const b = m[den];
  if (why !== undefined || a?.kind !== "time" || b?.kind !== "time") {
    return { what, target, value: "—", status: "not measured", detail: why ?? "no timing" };
  }
  const ratio = a.medianMs / b.medianMs;
  const ok =
    (limit.max === undefined || ratio <= limit.max) && (limit.min === undefined || ratio >= limit.min);
  const reportOnly = limit.max === undefined && limit.min === undefined;
  const within = (r: number) =>
    (limit.max === undefined || r <= limit.max) && (limit.min === undefined || r >= limit.min);
  let detail = `${fmtMs(a.medianMs)} vs ${fmtMs(b.medianMs)}`;
  let cpu: Verdict["cpu"];
  if (a.cpuMs !== undefined && b.cpuMs !== undefined && b.cpuMs > 0) {
    const cpuRatio = a.cpuMs / b.cpuMs;
    detail += ` (CPU time ${fmtMs(a.cpuMs)} vs ${fmtMs(b.cpuMs)})`;
    cpu = { value: fmtRatio(cpuRatio), status: reportOnly ? "report" : within(cpuRatio) ? "PASS" : "MISS" };
  }
  if (!ok && onMiss) detail += `; ${onMiss(ratio)}`;
  return {
    what,
    target,
    value: fmtRatio(ratio),
    status: reportOnly ? "report" : ok ? "PASS" : "MISS",
    detail,
    ...(cpu ? { cpu } : {}),
  };
}

export function fmtMs(ms: number): string {
  if (ms < 0.01) return `${(ms * 1000).toFixed(2)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}

export function fmtBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

/** MB/s (10⁶ bytes per second) of a timing with `bytes`. */
export function mbps(m: Measurement | undefined): number | undefined {
  return m?.kind === "time" && m.bytes !== undefined ? m.bytes / 1e6 / (m.medianMs / 1000) : undefined;
}
