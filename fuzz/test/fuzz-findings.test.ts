/**
 * Every fuzz finding recorded in fixtures/hostile/fuzz/ runs through every entry point of its kind:
 * all harness invariants must hold, except the one violation a finding still listed in KNOWN_BUGS is
 * known for (the test prints whether it still reproduces: once it does not, delete the entry).
 */

import { isNpyError } from "@npyio/header";
import { NpyDecoderStream, readNpy } from "@npyio/stream";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../fixtures/index.js";
import { installAllocationTracker } from "../src/alloc-tracker.js";

installAllocationTracker();
const { KNOWN_BUGS } = await import("../src/known-bugs.js");
const { runInput, VIOLATIONS } = await import("../src/run-input.js");
type Outcome = import("../src/run-input.js").Outcome;
const { targets } = await import("../src/targets.js");

const findings = Object.entries(expected.fuzz);

const streamOf = (parts: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(p);
      c.close();
    },
  });

async function drain(stream: ReadableStream<unknown>): Promise<void> {
  const reader = stream.getReader();
  while (!(await reader.read()).done) {}
}

async function errorOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    return err;
  }
}

describe("fuzz findings (fixtures/hostile/fuzz)", () => {
  it("every known bug has its fixture", () => {
    for (const bug of KNOWN_BUGS) expect(expected.fuzz[bug.fixture], bug.id).toBeDefined();
  });

  describe.each(findings)("%s", (name, entry) => {
    const bug = KNOWN_BUGS.find((b) => b.fixture === name);
    it(`${entry.package}: no invariant broken${bug ? ` but known bug ${bug.id}` : ""}`, async () => {
      const bytes = readFixture(name);
      const kind = name.endsWith(".npz") ? "npz" : "npy";
      const isKnown = (o: Outcome) => bug?.matches(o) === true;
      let known = 0;
      // many seeds: targets draw chunk sizes and options from the rng
      for (let index = 0; index < 20; index++) {
        const outcomes = await runInput({ index, kind, recipe: name, bytes }, targets, { crossKind: 0 });
        expect(outcomes.length).toBeGreaterThan(0);
        const broken = outcomes.filter((o) => VIOLATIONS.has(o.result));
        known += broken.filter(isKnown).length;
        expect(broken.filter((o) => !isKnown(o))).toEqual([]);
      }
      // and every way of splitting the first 16 bytes into two chunks before the rest, for the
      // stream readers: header collection is where chunk boundaries matter
      if (kind === "npy") {
        for (let a = 1; a < Math.min(16, bytes.length); a++) {
          for (let b = a; b <= Math.min(16, bytes.length); b++) {
            const parts = [bytes.slice(0, a), bytes.slice(a, b), bytes.slice(b)];
            for (const [reader, err] of [
              ["readNpy", await errorOf(() => readNpy(streamOf(parts)))],
              [
                "NpyDecoderStream",
                await errorOf(() => drain(streamOf(parts).pipeThrough(new NpyDecoderStream()))),
              ],
            ] as const) {
              if (err === undefined || isNpyError(err)) continue;
              const detail = (err as Error).stack?.split("\n").slice(0, 4).join(" | ") ?? String(err);
              if (isKnown({ target: reader, result: "CRASH", detail })) known++;
              else expect.fail(`${reader}, chunks at ${a}, ${b}: ${detail}`);
            }
          }
        }
      }
      if (bug) {
        console.log(
          known > 0
            ? `known bug ${bug.id} (${bug.package}) still reproduces (${known} times)`
            : `known bug ${bug.id} (${bug.package}) no longer reproduces: delete it from fuzz/src/known-bugs.ts`,
        );
      }
    });
  });
});
