import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { benchDir } from "./config.js";
import { nodeConditionPaths } from "./npyio-snapshot.js";

const repoDir = join(benchDir, "..");

/**
 * The `npyio` command of the npyio being measured, built: the packages' root is the snapshot the
 * worker imports (the directory of TSX_TSCONFIG_PATH, src/npyio-snapshot.ts) or, with
 * BENCH_NPYIO=worktree, the checkout. Its `bin/npyio.js` is copied as published, and the
 * `dist/bin.js` that it runs is the CLI's sources bundled by esbuild (a root devDependency) for
 * Node, `npyio` and `@npyio/*` resolved as Node resolves them for a user (the `node` export
 * condition). Returns the path of the bin, which a user's `npyio` runs with `node`.
 */
export function buildCli(): string {
  const tsconfig = process.env.TSX_TSCONFIG_PATH;
  const snapshot = tsconfig !== undefined && resolve(dirname(tsconfig)) !== resolve(benchDir);
  const root = snapshot ? dirname(tsconfig) : repoDir;
  const out = snapshot ? join(root, "cli-build") : join(benchDir, ".tmp", "cli-build-worktree");
  mkdirSync(join(out, "bin"), { recursive: true });
  const paths = Object.fromEntries(
    Object.entries(nodeConditionPaths(root)).map(([k, v]) => [k, v.map((p) => join(root, p))]),
  );
  const config = join(out, "tsconfig.json");
  writeFileSync(config, JSON.stringify({ compilerOptions: { paths } }));
  writeFileSync(join(out, "package.json"), JSON.stringify({ type: "module" }));
  copyFileSync(join(root, "packages/cli/bin/npyio.js"), join(out, "bin/npyio.js"));
  const esbuild = join(repoDir, "node_modules/.bin/esbuild");
  if (!existsSync(esbuild)) throw new Error(`${esbuild} is missing: run pnpm install at the root`);
  execFileSync(
    esbuild,
    [
      join(root, "packages/cli/src/bin.ts"),
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--target=node20",
      `--tsconfig=${config}`,
      `--outfile=${join(out, "dist/bin.js")}`,
      // CommonJS dependencies bundled into an ES module still call require
      "--banner:js=import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
      "--log-level=warning",
    ],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
  return join(out, "bin/npyio.js");
}
