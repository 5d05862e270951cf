/**
 * `pnpm fuzz --triage <crashers folder>`: replays every recorded violation in this process with a
 * long time bound and every entry point, and says whether it reproduces and how long it takes. A
 * HANG under a loaded machine's 2 s bound that finishes in a few seconds here is slow, not stuck.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { installAllocationTracker } from "./alloc-tracker.js";

export async function triage(folder: string, timeoutMs: number): Promise<void> {
  installAllocationTracker();
  const { loadCorpus } = await import("./corpus.js");
  const { generateInput } = await import("./input-generator.js");
  const { runInput, VIOLATIONS } = await import("./run-input.js");
  const { targets } = await import("./targets.js");
  const corpus = loadCorpus();
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const meta = JSON.parse(readFileSync(join(folder, file), "utf8")) as {
      seed: number;
      index: number;
      target: string;
      result: string;
    };
    const input = generateInput(meta.seed, meta.index, corpus);
    const began = performance.now();
    const outcomes = await runInput(input, targets, { mode: "all", timeoutMs });
    const ms = Math.round(performance.now() - began);
    const bad = outcomes.filter((o) => VIOLATIONS.has(o.result));
    const seen = outcomes.map((o) => `${o.target}: ${o.result}`).join(", ");
    console.log(
      `${file}: recorded ${meta.target} ${meta.result}; replay (all targets, ${ms} ms): ` +
        (bad.length
          ? `REPRODUCES ${bad.map((o) => `${o.target} ${o.result} ${o.detail ?? ""}`).join("; ")}`
          : `no violation [${seen}]`),
    );
  }
}
