import { execFileSync } from "node:child_process";

/** Whether python3 with numpy runs here; prints why not once. */
export const hasNumpy: boolean = (() => {
  try {
    execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    console.warn("python3 with numpy not found: the numpy read-back tests are skipped");
    return false;
  }
})();

/** Runs a Python snippet with numpy and returns its stdout. */
export const python = (code: string, ...args: string[]): string =>
  execFileSync("python3", ["-c", code, ...args], { encoding: "utf8" });
