import type { Measurement } from "./measurement.js";

/** One timed operation of a case, run by tinybench in the case's child process. */
export interface BenchTask {
  name: string;
  /** The operation; its result is passed to `check` once, before timing. */
  fn?: () => unknown;
  /** Why `fn` is absent, e.g. an npyio export that does not exist yet. */
  missing?: string;
  /** Bytes processed per call, for MB/s. */
  bytes?: number;
  /** Returns a reason when the result is wrong (wrong length, wrong values): the task is not timed. */
  check?: (result: unknown) => string | undefined;
  /**
   * The CPU time (ms) of one call from its result, for a task whose work runs in another process
   * (a child's user + system time, as wait4 reports it); by default the worker's own CPU time.
   */
  cpuOf?: (result: unknown) => number;
  /** Fast operations need many iterations for a stable median; defaults come from config. */
  iterations?: number;
  timeMs?: number;
}

/** What a case's child process does: the timed tasks, plus measurements taken once. */
export interface CaseRun {
  tasks: BenchTask[];
  /** Untimed measurements (bytes on the wire, is-a-view). */
  probes?: () => Promise<Record<string, Measurement>>;
  teardown?: () => Promise<void> | void;
}

export function missingTask(name: string, reason: string): BenchTask {
  return { name, missing: reason };
}
