/**
 * Package bugs the harness found that are not fixed yet. Each has a minimal input in
 * fixtures/hostile/fuzz/ (expected.json "fuzz"). While listed, the sample counts matching violations
 * as `KNOWN:<id>` instead of failing, and fuzz-findings.test.ts accepts that violation (and no other)
 * on the fixture, printing whether it still reproduces: once it does not, delete the entry here. (Not
 * it.fails: the packages change under the harness every hour, a fix must not turn this suite red.)
 */
import type { Outcome } from "./run-input.js";

export interface KnownBug {
  id: string;
  package: string;
  /** The fixture that reproduces it, relative to fixtures/. */
  fixture: string;
  matches(outcome: Outcome): boolean;
}

export const KNOWN_BUGS: readonly KnownBug[] = [];

/** The known bug an outcome is an instance of, if any. */
export const knownBug = (outcome: Outcome): KnownBug | undefined =>
  KNOWN_BUGS.find((b) => b.matches(outcome));
