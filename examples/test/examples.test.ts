import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);
const dir = fileURLToPath(new URL("..", import.meta.url));
const helpers = new Set(["serve-bytes.ts"]);
const scripts = readdirSync(dir).filter((f) => f.endsWith(".ts") && !helpers.has(f));

test("the examples folder has the five scripts the README lists", () => {
  expect(scripts.sort()).toEqual([
    "cast-pipeline.ts",
    "ndarray-adapters.ts",
    "remote-npz-member.ts",
    "stream-http.ts",
    "write-npz.ts",
  ]);
});

// each script is a process of its own, started from examples/ so its tsconfig maps the packages
test.each(scripts)(
  "%s runs and exits 0",
  async (script) => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", script], {
      cwd: dir,
      timeout: 120_000,
    });
    expect(stdout.length).toBeGreaterThan(0);
  },
  130_000,
);
