/** Runs python3 with numpy for tests that let numpy check our bytes (gated by fixtures/numpy.ts). */
import { spawnSync } from "node:child_process";

/** Runs `script` with `input` on stdin and returns stdout; throws with python's stderr on failure. */
export function python(script: string, input: string | Uint8Array = ""): string {
  const run = spawnSync("python3", ["-c", script], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return run.stdout;
}
