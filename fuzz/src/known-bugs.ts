/**
 * Package bugs the harness found that are not fixed yet. Each has a minimal input in
 * fixtures/hostile/fuzz/ (expected.json "fuzz"). While listed, the sample counts matching violations
 * as `KNOWN:<id>` instead of failing, and fuzz-findings.test.ts expects the fixture to still break an
 * invariant, so the fix turns that test red: then delete the entry here.
 */
import type { Outcome } from "./run-input.js";

export interface KnownBug {
  id: string;
  package: string;
  /** The fixture that reproduces it, relative to fixtures/. */
  fixture: string;
  matches(outcome: Outcome): boolean;
}

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: "dtype-encode-zero-size-subarray",
    package: "@npyio/dtype",
    fixture: "hostile/fuzz/subarray-zero-size.npy",
    matches: (o) => o.result === "INVARIANT" && /expected a multiple of 0 elements/.test(o.detail ?? ""),
  },
  {
    id: "dtype-encode-empty-struct-field",
    package: "@npyio/dtype",
    fixture: "hostile/fuzz/struct-empty-first-field.npy",
    matches: (o) =>
      o.result === "INVARIANT" && /expected 0 elements \(0 records × \d+\), found [1-9]/.test(o.detail ?? ""),
  },
];

/** The known bug an outcome is an instance of, if any. */
export const knownBug = (outcome: Outcome): KnownBug | undefined =>
  KNOWN_BUGS.find((b) => b.matches(outcome));
