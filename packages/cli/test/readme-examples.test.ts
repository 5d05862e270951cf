/**
 * The READMEs' terminal examples, run: every `$ npyio …` line in a fenced block is run by bash
 * (`npyio` being this checkout's command) and what it prints, stdout and stderr together, must be
 * the lines the README shows under it, so the examples cannot drift from the real output.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npyioEnv, root, shellCommand } from "./helpers/run-npyio.js";

/** One `$ command` of a README and the lines shown under it. */
interface Example {
  command: string;
  output: string;
  line: number;
}

/** The `$ ` lines of fenced blocks that show a terminal, each with the lines up to the next `$ `. */
export function terminalExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split("\n");
  let inBlock = false;
  let current: Example | undefined;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith("```")) {
      if (current) examples.push(current);
      current = undefined;
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) continue;
    if (line.startsWith("$ ")) {
      if (current) examples.push(current);
      current = { command: line.slice(2), output: "", line: i + 1 };
    } else if (current) current.output += `${line}\n`;
  }
  return examples;
}

// the examples name fixtures/… relative to the repository root; they run in a scratch directory
// that sees the fixtures, so files they write (`ints.csv`) land there
const cwd = mkdtempSync(join(tmpdir(), "npyio-readme-"));
symlinkSync(join(root, "fixtures"), join(cwd, "fixtures"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const npyioFunction = `npyio() { ${shellCommand([])} "$@"; }`;

describe.each(["README.md", "packages/cli/README.md"])("%s", (readme) => {
  const examples = terminalExamples(readFileSync(join(root, readme), "utf8")).filter((e) =>
    e.command.startsWith("npyio "),
  );

  it("has terminal examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [`line ${e.line}: $ ${e.command}`, e] as const))("%s", (_, example) => {
    const r = spawnSync("bash", ["-c", `${npyioFunction}\n${example.command} 2>&1`], {
      cwd,
      env: npyioEnv,
      encoding: "utf8",
    });
    expect(r.stdout).toBe(example.output);
  });
});
