import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expected } from "../../../fixtures/index.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { runCli } from "../src/run-cli.js";
import { python } from "./helpers/python.js";
import { root } from "./helpers/run-npyio.js";

const hasNumpy = requireNumpy("the head ⇄ numpy comparisons");

const npy = Object.entries(expected.npy)
  .filter(([, f]) => f.values !== undefined)
  .map(([name]) => `fixtures/${name}`);
const npz = Object.keys(expected.npz).map((name) => `fixtures/${name}`);
const script = fileURLToPath(new URL("./helpers/head-expected.py", import.meta.url));

/** What `npyio head` prints, run in-process (the process runs are in cli.test.ts). */
async function head(args: string[]): Promise<string> {
  const lines: string[] = [];
  const out = { line: (s: string) => lines.push(s), bytes: async () => {} };
  const [path = "", ...rest] = args;
  expect(await runCli(["head", "--quiet", join(root, path), ...rest], out)).toBe(0);
  return lines.map((l) => `${l}\n`).join("");
}

describe.skipIf(!hasNumpy)("npyio head prints what numpy prints for the first rows", () => {
  for (const rows of [10, 2]) {
    const want: Record<string, string> = !hasNumpy
      ? {}
      : JSON.parse(python([script, String(rows), ...npy, ...npz], undefined, root));
    it.each(npy)(`%s -n ${rows}`, async (path) => {
      expect(await head([path, "-n", String(rows)])).toBe(`${want[path]}\n`);
    });
    it.each(npz)(`%s (every member) -n ${rows}`, async (path) => {
      const keys = Object.keys(want).filter((k) => k.startsWith(`${path}:`));
      const text = keys.map((k) => `${k.slice(path.length + 1)}:\n${want[k]}\n`).join("");
      expect(await head([path, "-n", String(rows)])).toBe(text);
    });
  }
});
