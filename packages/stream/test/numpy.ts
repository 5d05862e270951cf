import { execFileSync } from "node:child_process";

/** Runs a Python snippet with numpy and returns its stdout. */
export const python = (code: string, ...args: string[]): string =>
  execFileSync("python3", ["-c", code, ...args], { encoding: "utf8" });
