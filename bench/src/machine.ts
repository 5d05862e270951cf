import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg, totalmem } from "node:os";
import { benchDir } from "./config.js";

export interface Machine {
  node: string;
  numpy: string;
  python: string;
  cpu: string;
  cores: number;
  memory: string;
  /** Which npyio was measured (src/npyio-snapshot.ts fills it in). */
  commit: string;
  date: string;
  load: string;
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: benchDir, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

/** The facts RESULTS.md opens with: what ran, where, when, and how busy the machine was. */
export function describeMachine(): Machine {
  let cpu = "unknown";
  try {
    cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  } catch {}
  const [numpy = "not found", python = ""] = sh("python3", [
    "-c",
    "import numpy, platform; print(numpy.__version__); print(platform.python_version())",
  ]).split("\n");
  return {
    node: process.version,
    numpy,
    python,
    cpu,
    cores: availableParallelism(),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    commit: sh("git", ["rev-parse", "--short", "HEAD"]),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(" / "),
  };
}
