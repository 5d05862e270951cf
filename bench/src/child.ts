import { spawn } from "node:child_process";
import { join } from "node:path";
import { benchDir } from "./config.js";
import type { Measurements } from "./measurement.js";

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command, forwarding its stderr as progress, with a hard timeout. */
export function runChild(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 30 * 60_000,
) {
  return new Promise<ChildResult>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: benchDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const tail = (s: string) => s.trim().split("\n").slice(-3).join(" | ").slice(0, 400);

/**
 * A case worker (src/worker.ts) in a fresh Node process, with the same tsx loader and tsconfig as
 * this one and `--expose-gc`, so it can collect between iterations.
 */
export async function runWorker(
  args: string[],
  tsconfig: string,
  extraEnv: Record<string, string> = {},
): Promise<Measurements | { error: string }> {
  // the tsconfig's `paths` decide which npyio sources the worker imports (src/npyio-snapshot.ts)
  const env = { ...process.env, ...extraEnv, TSX_TSCONFIG_PATH: tsconfig };
  const r = await runChild(
    process.execPath,
    [...process.execArgv, "--expose-gc", join(benchDir, "src", "worker.ts"), ...args],
    env,
  );
  const line = r.stdout.split("\n").find((l) => l.startsWith("@@RESULT "));
  if (r.code !== 0 || !line) return { error: `worker exited with ${r.code}: ${tail(r.stderr)}` };
  return JSON.parse(line.slice("@@RESULT ".length)) as Measurements;
}

/** py/numpy_bench.py for one case: numpy's times, measured inside Python. */
export async function runNumpy(
  inputs: string,
  caseId: number,
  reps: number,
): Promise<Measurements | { error: string }> {
  const r = await runChild("python3", [
    join(benchDir, "py", "numpy_bench.py"),
    inputs,
    String(caseId),
    String(reps),
  ]);
  if (r.code !== 0) return { error: `numpy_bench.py exited with ${r.code}: ${tail(r.stderr)}` };
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Measurements;
}
