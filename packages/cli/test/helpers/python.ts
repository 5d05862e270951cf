import { spawnSync } from "node:child_process";

/** Why python3 with numpy cannot be used here, or undefined when it can. */
export function numpyMissing(): string | undefined {
  const r = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `python3 has no numpy: ${r.stderr.trim().split("\n").pop()}`;
  return undefined;
}

/** Runs a python3 script and returns its stdout; throws with its stderr when it fails. */
export function python(args: string[], input?: string, cwd?: string): string {
  const r = spawnSync("python3", args, { encoding: "utf8", input, cwd, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}
