/** What a case reports for one named quantity. Every number in RESULTS.md is one of these. */
export type Measurement =
  /** median wall time of one operation; `bytes` (if given) turns it into MB/s */
  | {
      kind: "time";
      medianMs: number;
      samples: number;
      bytes?: number;
      rounds?: number[];
      /**
       * median CPU time (user + system, all threads) of one call: on a shared machine the wall
       * time includes waiting for a core, the CPU time does not
       */
      cpuMs?: number;
    }
  /** a counted or computed quantity, e.g. bytes sent by the HTTP server */
  | { kind: "value"; value: number; unit: string }
  /** peak resident set size above the child's baseline while one operation ran */
  | { kind: "memory"; peakRssDelta: number; baselineRss: number; sampledPeakDelta: number }
  /** which implementation was measured, and similar facts RESULTS.md prints */
  | { kind: "note"; text: string }
  /** the API the task needs does not exist (yet) */
  | { kind: "missing"; reason: string }
  /** the task threw, or returned something that is not the array */
  | { kind: "failed"; reason: string };

export type Measurements = Record<string, Measurement>;
