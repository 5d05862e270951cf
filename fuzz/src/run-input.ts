/**
 * Runs one input through every target and checks the harness invariants: only NpyErrors with a known
 * code escape, every target settles within the time bound, no allocation exceeds what the input can
 * justify, decoded arrays round-trip, and the whole-array readers agree with each other.
 */
import type { NpyArray } from "@npyio/dtype";
import { isNpyError } from "@npyio/header";
import { beginAllocations, endAllocations } from "./alloc-tracker.js";
import type { FuzzInput } from "./input-generator.js";
import { KNOWN_CODES } from "./known-codes.js";
import { Rng } from "./rng.js";
import { checkRoundTrip, checkSame } from "./round-trip.js";
import type { Target } from "./targets.js";

export interface RunOptions {
  /** A target that has not settled after this many ms is a hang. Default 2000. */
  timeoutMs?: number;
  /** Also feed each input to a target of the other kind with this probability. Default 0.05. */
  crossKind?: number;
  /**
   * "all" (default): every target of the input's kind. "quick": the synchronous targets and one
   * other target picked at random, for a fast unit-test sample.
   */
  mode?: "all" | "quick";
  /**
   * Quick mode: the probability that an input that has synchronous targets also gets an async one
   * (inputs without a synchronous target, archives, always do). Default 1.
   */
  asyncShare?: number;
}

/** What happened to one input in one target: "ok", an NpyErrorCode, or a violation. */
export interface Outcome {
  target: string;
  /** "ok", the NpyError code, or "CRASH" / "HANG" / "ALLOC" / "UNKNOWN_CODE" / "INVARIANT". */
  result: string;
  /** For a violation: what went wrong. */
  detail?: string;
}

export const VIOLATIONS = new Set(["CRASH", "HANG", "ALLOC", "UNKNOWN_CODE", "INVARIANT"]);

/**
 * The largest single allocation an input of `length` bytes can justify: the decoded data of an .npy
 * is at most a few times its bytes (f2 → Float32Array doubles it); a deflated member inflates at
 * most 1032:1; a constant floor covers the 1 MiB default chunk buffers.
 */
export function allocationBudget(kind: "npy" | "npz", length: number): number {
  return kind === "npy" ? Math.max(2 << 20, 16 * length) : Math.max(8 << 20, 1100 * length);
}

const HANG = Symbol("hang");

async function settle<T>(work: () => T | Promise<T>, timeoutMs: number): Promise<T | typeof HANG> {
  const result = work();
  // a synchronous target has finished already (a synchronous hang is the campaign watchdog's job)
  if (!(result instanceof Promise)) return result;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof HANG>((resolve) => {
    timer = setTimeout(() => resolve(HANG), timeoutMs);
  });
  try {
    return await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runInput(input: FuzzInput, targets: readonly Target[], options: RunOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 2000;
  const rng = new Rng(0x5eed, input.index);
  const outcomes: Outcome[] = [];
  const decoded: [string, NpyArray[]][] = [];
  let chosen = targets.filter(
    (t) => t.kind === input.kind || t.kind === "any" || rng.chance(options.crossKind ?? 0.05),
  );
  if (options.mode === "quick") {
    const other = chosen.filter((t) => !t.sync);
    const hasSync = other.length < chosen.length;
    const one =
      other.length > 0 && (!hasSync || rng.chance(options.asyncShare ?? 1)) ? rng.pick(other) : undefined;
    chosen = chosen.filter((t) => t.sync || t === one);
  }
  for (const target of chosen) {
    const targetRng = new Rng(input.index, targets.indexOf(target));
    beginAllocations(allocationBudget(input.kind, input.bytes.length));
    let outcome: Outcome;
    try {
      const got = await settle(() => target.run(input.bytes, targetRng), timeoutMs);
      if (got === HANG) {
        outcome = { target: target.name, result: "HANG", detail: `did not settle within ${timeoutMs} ms` };
      } else {
        for (const array of got) checkRoundTrip(array, target.name);
        if (target.whole) decoded.push([target.name, got]);
        outcome = { target: target.name, result: "ok" };
      }
    } catch (err) {
      outcome = classify(target.name, err);
    }
    const { violation } = endAllocations();
    if (violation) {
      const at = violation.stack?.split("\n").slice(2, 5).join(" | ").replace(/\s+/g, " ") ?? "";
      outcome = { target: target.name, result: "ALLOC", detail: `${violation.message} (${at})` };
    }
    outcomes.push(outcome);
  }
  const [first, ...rest] = decoded;
  for (const [name, arrays] of rest) {
    try {
      const where = `${first![0]} vs ${name}`;
      if (arrays.length !== first![1].length) {
        throw new Error(`${where}: ${first![1].length} vs ${arrays.length} arrays`);
      }
      for (const [i, array] of arrays.entries()) checkSame(first![1][i]!, array, `${where}, array ${i}`);
    } catch (err) {
      outcomes.push({ target: name, result: "INVARIANT", detail: (err as Error).message });
    }
  }
  return outcomes;
}

function classify(target: string, err: unknown): Outcome {
  if (isNpyError(err)) {
    if (KNOWN_CODES.has(err.code)) return { target, result: err.code };
    return { target, result: "UNKNOWN_CODE", detail: `code ${String(err.code)}: ${err.message}` };
  }
  const e = err as { name?: unknown; message?: unknown; stack?: unknown };
  if (e?.name === "InvariantViolation") return { target, result: "INVARIANT", detail: String(e.message) };
  if (e?.name === "AllocationViolation") return { target, result: "ALLOC", detail: String(e.message) };
  const stack = typeof e?.stack === "string" ? e.stack.split("\n").slice(0, 4).join(" | ") : String(err);
  return { target, result: "CRASH", detail: stack };
}
