/**
 * Every fuzz finding recorded in fixtures/hostile/fuzz/ runs through every entry point of its kind:
 * all harness invariants must hold. A finding still listed in KNOWN_BUGS is expected to break one
 * (it.fails), so fixing the package turns its test red until the entry is deleted.
 */
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../fixtures/index.js";
import { installAllocationTracker } from "../src/alloc-tracker.js";

installAllocationTracker();
const { KNOWN_BUGS } = await import("../src/known-bugs.js");
const { runInput, VIOLATIONS } = await import("../src/run-input.js");
const { targets } = await import("../src/targets.js");

const findings = Object.entries(expected.fuzz);

describe("fuzz findings (fixtures/hostile/fuzz)", () => {
  it("every known bug has its fixture", () => {
    for (const bug of KNOWN_BUGS) expect(expected.fuzz[bug.fixture], bug.id).toBeDefined();
  });

  describe.each(findings)("%s", (name, entry) => {
    const bug = KNOWN_BUGS.find((b) => b.fixture === name);
    const test = bug ? it.fails : it;
    test(`${entry.package}: no invariant broken${bug ? ` (known bug ${bug.id}, not fixed yet)` : ""}`, async () => {
      const bytes = readFixture(name);
      const kind = name.endsWith(".npz") ? "npz" : "npy";
      // many seeds: targets draw chunk sizes and options from the rng
      for (let index = 0; index < 20; index++) {
        const outcomes = await runInput({ index, kind, recipe: name, bytes }, targets, { crossKind: 0 });
        expect(outcomes.length).toBeGreaterThan(0);
        expect(outcomes.filter((o) => VIOLATIONS.has(o.result))).toEqual([]);
      }
    });
  });
});
