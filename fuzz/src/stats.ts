import type { FuzzInput } from "./input-generator.js";
import { knownBug } from "./known-bugs.js";
import { type Outcome, VIOLATIONS } from "./run-input.js";

/** A violation with the input that caused it. */
export interface Finding extends Outcome {
  index: number;
  recipe: string;
  kind: FuzzInput["kind"];
  bytes: Uint8Array;
}

/** Counts per target and result over a run, and the violations found. */
export class Stats {
  inputs = 0;
  readonly byTarget = new Map<string, Map<string, number>>();
  readonly byResult = new Map<string, number>();
  readonly findings: Finding[] = [];

  add(input: FuzzInput, outcomes: readonly Outcome[]): void {
    this.inputs++;
    for (const raw of outcomes) {
      const bug = VIOLATIONS.has(raw.result) ? knownBug(raw) : undefined;
      const o = bug ? { ...raw, result: `KNOWN:${bug.id}` } : raw;
      const row = this.byTarget.get(o.target) ?? new Map<string, number>();
      this.byTarget.set(o.target, row);
      row.set(o.result, (row.get(o.result) ?? 0) + 1);
      this.byResult.set(o.result, (this.byResult.get(o.result) ?? 0) + 1);
      if (VIOLATIONS.has(o.result)) {
        this.findings.push({
          ...o,
          index: input.index,
          recipe: input.recipe,
          kind: input.kind,
          bytes: input.bytes,
        });
      }
    }
  }

  /** How many outcomes were instances of known bugs. */
  get known(): number {
    let n = 0;
    for (const [k, v] of this.byResult) if (k.startsWith("KNOWN:")) n += v;
    return n;
  }

  /** A table: one line per target, counts per result, most frequent first. */
  format(): string {
    const sorted = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(", ");
    const lines = [`${this.inputs} inputs; all targets: ${sorted(this.byResult)}`];
    for (const [target, row] of [...this.byTarget].sort()) lines.push(`  ${target}: ${sorted(row)}`);
    return lines.join("\n");
  }
}
