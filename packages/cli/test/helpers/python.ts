import { spawnSync } from "node:child_process";

/** Runs a python3 script and returns its stdout; throws with its stderr when it fails. */
export function python(args: string[], input?: string, cwd?: string): string {
  const r = spawnSync("python3", args, { encoding: "utf8", input, cwd, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}
