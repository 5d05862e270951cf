import { spawnSync } from "node:child_process";

const probe = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" });

/** Why tests that need python3 with numpy cannot run here, or undefined when they can. */
export const noNumpy: string | undefined =
  probe.status === 0
    ? undefined
    : `python3 with numpy is not available (${probe.error?.message ?? probe.stderr.trim()})`;

if (noNumpy) console.warn(`@npyio/header: skipping the tests that compare with numpy: ${noNumpy}`);

/** Runs a Python script that reads JSON from stdin and prints JSON; returns the parsed output. */
export function runPython<T>(script: string, input: unknown): T {
  const result = spawnSync("python3", ["-c", script], {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
