/** Runs python3 with numpy for tests that let numpy check our bytes; absent numpy skips them, loudly. */
import { spawnSync } from "node:child_process";

const probe = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" });

/** True when python3 with numpy can run. */
export const hasNumpy = probe.status === 0;

/** Why numpy tests are skipped, printed once per file that needs them. */
export function warnIfNoNumpy(what: string): void {
  if (!hasNumpy)
    console.warn(
      `skipping ${what}: python3 with numpy is not available (${probe.error?.message ?? probe.stderr.trim()})`,
    );
}

/** Runs `script` with `input` on stdin and returns stdout; throws with python's stderr on failure. */
export function python(script: string, input: string | Uint8Array = ""): string {
  const run = spawnSync("python3", ["-c", script], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return run.stdout;
}
