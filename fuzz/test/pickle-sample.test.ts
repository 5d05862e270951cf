/**
 * The fixed-seed pickle sample: 3 000 mutations of numpy's object arrays and of the hostile pickles
 * (fuzz/src/pickle-mutator.ts), each read with allowPickle by parse and by readNpy from a stream.
 * The harness invariants must hold: only NpyErrors with a known code, every read settles (bound: 2 s,
 * a hang detector, not a speed target), no allocation beyond what the input justifies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installAllocationTracker, uninstallAllocationTracker } from "../src/alloc-tracker.js";

installAllocationTracker();
const { loadCorpus } = await import("../src/corpus.js");
const { mutatePickle } = await import("../src/pickle-mutator.js");
const { Rng } = await import("../src/rng.js");
const { runInput } = await import("../src/run-input.js");
const { Stats } = await import("../src/stats.js");
const { targets } = await import("../src/targets.js");

const SEED = 20261204;
const COUNT = 3000;

describe(`pickle fuzz sample (seed ${SEED})`, () => {
  const corpus = loadCorpus();
  const pickleTargets = targets.filter((t) => t.name.includes("allowPickle"));
  const stats = new Stats();
  beforeAll(() => installAllocationTracker());
  afterAll(() => {
    uninstallAllocationTracker();
    console.log(stats.format());
  });

  it("reads every mutation to a value or a typed error", async () => {
    expect(corpus.pickle.length).toBeGreaterThan(90);
    expect(pickleTargets.map((t) => t.name)).toEqual([
      "npyio.parse(allowPickle)",
      "stream.readNpy(stream, allowPickle)",
    ]);
    for (let index = 0; index < COUNT; index++) {
      const rng = new Rng(SEED, index);
      const seed = rng.pick(corpus.pickle);
      const input = {
        index,
        kind: "npy" as const,
        recipe: `pickle(${seed.name})`,
        bytes: mutatePickle(rng, seed.bytes),
      };
      stats.add(input, await runInput(input, pickleTargets, { timeoutMs: 2000 }));
    }
    const found = stats.findings.map(
      (f) => `#${f.index} ${f.recipe} → ${f.target}: ${f.result} ${f.detail ?? ""}`,
    );
    expect(found).toEqual([]);
    // the mutations reach every kind of outcome: values, refusals, malformed and cut pickles, limits
    for (const code of ["ok", "UNSAFE_PICKLE", "BAD_PICKLE", "TRUNCATED"]) {
      expect(stats.byResult.get(code) ?? 0, code).toBeGreaterThan(10);
    }
    expect(stats.byResult.get("LIMIT_EXCEEDED") ?? 0).toBeGreaterThan(0);
  });
});
