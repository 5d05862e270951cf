import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Why tmux cannot be used here, or undefined when it can. */
export function tmuxMissing(): string | undefined {
  const r = spawnSync("tmux", ["-V"], { encoding: "utf8" });
  if (r.error) return `tmux not found (${r.error.message}); .ci/run installs it`;
  return r.status === 0 ? undefined : `tmux -V failed: ${r.stderr}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a person saw: the rendered screen at the end, and every byte the program sent to the terminal. */
export interface Screen {
  /** The rows on the terminal, its scrollback included, trailing blanks and empty rows at either end removed. */
  lines: string[];
  /** The raw terminal stream (escape sequences included), as tmux's pipe-pane recorded it. */
  raw: string;
  /** The command's exit status, as the shell saw it. */
  status: number;
}

/**
 * A private tmux server (its own socket in `dir`): runs a shell command in a fresh window of
 * `columns` × `rows` and reads back the rendered screen with capture-pane.
 */
export class TmuxTerminal {
  readonly #socket: string;
  readonly #dir: string;
  readonly #env: NodeJS.ProcessEnv;
  #n = 0;

  constructor(dir: string, env: NodeJS.ProcessEnv) {
    this.#dir = dir;
    this.#socket = join(dir, "tmux.sock");
    this.#env = env;
  }

  tmux(...args: string[]): string {
    const r = spawnSync("tmux", ["-S", this.#socket, ...args], { encoding: "utf8", env: this.#env });
    if (r.status !== 0) throw new Error(`tmux ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  }

  /**
   * Starts `command` (bash) in a new window and gives back its name; the command waits until
   * pipe-pane records, so the log holds every byte it writes.
   */
  start(command: string, columns = 120, rows = 40): { name: string; log: string } {
    const name = `w${++this.#n}`;
    const log = join(this.#dir, `${name}.log`);
    const script = join(this.#dir, `${name}.sh`);
    writeFileSync(log, "");
    // the exit status goes on screen too; `Pane is dead` lines come from remain-on-exit
    writeFileSync(script, `tmux -S '${this.#socket}' wait-for ${name}-go\n${command}\necho "[exit $?]"\n`);
    this.tmux("new-session", "-d", "-s", name, "-x", String(columns), "-y", String(rows), `bash ${script}`);
    this.tmux("set-option", "-t", name, "remain-on-exit", "on");
    this.tmux("pipe-pane", "-t", name, "-o", `cat >> '${log}'`);
    this.tmux("wait-for", "-S", `${name}-go`);
    return { name, log };
  }

  /** Waits (no deadline of its own: the test's timeout is the guard) until the raw log matches. */
  async waitForOutput(log: string, pattern: RegExp): Promise<string> {
    for (;;) {
      const raw = readFileSync(log, "latin1");
      if (pattern.test(raw)) return raw;
      await sleep(50);
    }
  }

  /** Waits until the window's command has ended, then reads its screen. */
  async finish(window: { name: string; log: string }): Promise<Screen> {
    while (this.tmux("display-message", "-p", "-t", window.name, "#{pane_dead}").trim() !== "1")
      await sleep(100);
    // from the start of the scrollback: a line that scrolled off the top is still on the terminal
    const screen = this.tmux("capture-pane", "-p", "-S", "-", "-E", "-", "-t", window.name);
    const lines = screen
      .split("\n")
      .map((l) => l.trimEnd())
      .filter((l) => !l.startsWith("Pane is dead"));
    while (lines.length > 0 && lines.at(-1) === "") lines.pop();
    while (lines.length > 0 && lines[0] === "") lines.shift();
    const exit = lines.pop() ?? "";
    const status = /^\[exit (\d+)\]$/.exec(exit);
    if (!status) throw new Error(`no exit status at the end of the screen:\n${screen}`);
    this.tmux("kill-session", "-t", window.name);
    return { lines, raw: readFileSync(window.log, "latin1"), status: Number(status[1]) };
  }

  close(): void {
    spawnSync("tmux", ["-S", this.#socket, "kill-server"], { env: this.#env });
  }
}
