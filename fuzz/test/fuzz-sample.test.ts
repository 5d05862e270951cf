/**
 * The fixed-seed fuzz sample: 20 000 generated inputs (4 × 5 000). Each .npy input goes through the
 * synchronous entry points (parseHeader, parse) and, one time in three, one async entry point picked
 * at random; each archive through one async entry point. To stay fast it draws from seed files up
 * to 8 KiB, makes 15% archives and no zip bombs; `pnpm fuzz` runs the full mix on every entry point. Every invariant of the harness must hold: only
 * NpyErrors with a known code, every call settles (bound: 2 s, a hang detector, not a speed target),
 * no allocation beyond what the input justifies, round trips identical, readers agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installAllocationTracker, uninstallAllocationTracker } from "../src/alloc-tracker.js";

// The tracker wraps the typed-array constructors before the packages are loaded (dynamic imports).
installAllocationTracker();
const { loadCorpus } = await import("../src/corpus.js");
const { generateInput } = await import("../src/input-generator.js");
const { runInput } = await import("../src/run-input.js");
const { Stats } = await import("../src/stats.js");
const { targets } = await import("../src/targets.js");

const SEED = 20261126;
const BATCHES = 4;
const PER_BATCH = 5000;

describe("fuzz sample (seed 20261126)", () => {
  const corpus = loadCorpus({ maxSeedBytes: 8192 });
  const total = new Stats();
  beforeAll(() => installAllocationTracker());
  afterAll(() => {
    uninstallAllocationTracker();
    console.log(total.format());
  });

  it.each(Array.from({ length: BATCHES }, (_, b) => b))(
    "inputs %i×5000 onwards: no violation",
    async (batch) => {
      const stats = new Stats();
      for (let i = batch * PER_BATCH; i < (batch + 1) * PER_BATCH; i++) {
        const input = generateInput(SEED, i, corpus, { npzShare: 0.15, bombs: false });
        const outcomes = await runInput(input, targets, {
          mode: "quick",
          asyncShare: 1 / 3,
          timeoutMs: 2000,
        });
        stats.add(input, outcomes);
        total.add(input, outcomes);
      }
      // violations that match a bug in KNOWN_BUGS are counted as KNOWN:<id>, not listed here
      const found = stats.findings.map(
        (f) => `#${f.index} ${f.recipe} → ${f.target}: ${f.result} ${f.detail ?? ""}`,
      );
      expect(found).toEqual([]);
      // the sample must reach past the header: some inputs decode, and several codes are seen
      expect(stats.byResult.get("ok") ?? 0).toBeGreaterThan(PER_BATCH / 20);
      expect(stats.byResult.size).toBeGreaterThan(8);
    },
  );
});
