import { spawnSync } from "node:child_process";

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
