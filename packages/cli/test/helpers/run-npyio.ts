import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root. */
export const root = fileURLToPath(new URL("../../../../", import.meta.url));
const bin = fileURLToPath(new URL("../../src/bin.ts", import.meta.url));
// tsx's loader by its full path, so the command also runs from directories outside the checkout
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
// tsx maps the workspace packages to their sources through the tsconfig paths, so no build is needed
export const npyioEnv = {
  ...process.env,
  TSX_TSCONFIG_PATH: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)),
};
const env = npyioEnv;

/** The command line that runs npyio with `args`, quoted for sh. */
export function shellCommand(args: string[]): string {
  const quote = (a: string) => `'${a.replaceAll("'", `'"'"'`)}'`;
  return [process.execPath, "--import", tsx, bin, ...args].map(quote).join(" ");
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `npyio` command as a process, from the repository root. */
export function npyio(args: string[], input?: string | Uint8Array): Run {
  const r = spawnSync(process.execPath, ["--import", tsx, bin, ...args], {
    cwd: root,
    env,
    input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Same as {@link npyio}, without blocking the event loop (for tests that serve HTTP in-process). */
export function npyioAsync(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsx, bin, ...args], { cwd: root, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Runs `runCli` in this process (no tsx start-up per run), with stdout and stderr captured; stderr
 * is not a terminal, so no progress bar.
 */
export async function npyioInProcess(args: string[]): Promise<Run> {
  const { runCli } = await import("../../src/run-cli.js");
  let stdout = "";
  let stderr = "";
  const out = {
    line: (text: string) => {
      stdout += `${text}\n`;
    },
    bytes: async (data: Uint8Array) => {
      stdout += new TextDecoder().decode(data);
    },
  };
  const status = await runCli(args, out, { write: (text: string) => (stderr += text) });
  return { status, stdout, stderr };
}
