import { execFileSync, execSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir } from "./config.js";

export interface NpyioBuild {
  /** tsconfig whose `paths` send `npyio` and `@npyio/*` to the sources measured. */
  tsconfig: string;
  /** What was measured, for RESULTS.md. */
  description: string;
}

const repoDir = join(benchDir, "..");

function git(args: string[]): string {
  return execFileSync("git", args, { cwd: repoDir, encoding: "utf8" }).trim();
}

/**
 * Which npyio the bench measures (BENCH_NPYIO): "head" (default) is packages/ as committed at HEAD,
 * extracted with `git archive` into bench/.tmp/npyio-<commit>/, so edits in progress in the shared
 * checkout can neither break a run nor make it unreproducible; "worktree" is packages/ as they are
 * on disk now.
 */
export function prepareNpyio(): NpyioBuild {
  const mode = process.env.BENCH_NPYIO ?? "head";
  if (mode === "worktree") {
    const dirty = git(["status", "--porcelain", "--", "packages"]) !== "";
    return {
      tsconfig: join(benchDir, "tsconfig.json"),
      description: `packages/ of the working tree at ${git(["rev-parse", "--short", "HEAD"])}${dirty ? " with uncommitted changes" : ""}`,
    };
  }
  // keyed by the packages/ tree, so commits elsewhere (bench/ itself) reuse the same snapshot
  const head = git(["rev-parse", "HEAD"]);
  const tree = git(["rev-parse", "--short", `${head}:packages`]);
  const commit = git(["log", "-1", "--format=%h", head, "--", "packages"]);
  const dir = join(benchDir, ".tmp", `npyio-${tree}`);
  if (!existsSync(join(dir, "tsconfig.json"))) {
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${head} packages tsconfig.base.json | tar -x -C ${JSON.stringify(dir)}`, {
      cwd: repoDir,
    });
    // third-party dependencies (fflate...) resolve through the checkout's installed node_modules
    for (const pkg of readdirSync(join(dir, "packages"))) {
      const installed = join(repoDir, "packages", pkg, "node_modules");
      const link = join(dir, "packages", pkg, "node_modules");
      if (existsSync(installed) && !existsSync(link)) symlinkSync(installed, link);
    }
  }
  // written every time, so a snapshot extracted by an older bench resolves entries as this one does
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(nodeCondition(dir), null, 2)}\n`);
  return {
    tsconfig: join(dir, "tsconfig.json"),
    description: `packages/ as of commit ${commit} (the last one touching packages/; extracted with \`git archive\`, uncommitted edits not measured)`,
  };
}

/**
 * The snapshot's tsconfig: the base one, with `npyio` and `@npyio/npz` sent to the entries of their
 * `node` export condition where the packages have one, as Node resolves them for a user.
 */
function nodeCondition(dir: string): object {
  return { extends: "./tsconfig.base.json", compilerOptions: { paths: nodeConditionPaths(dir) } };
}

/**
 * The `paths` of `dir`'s tsconfig.base.json (relative to `dir`), with `npyio` and `@npyio/npz` sent
 * to their `node` export condition's entries where the packages have one.
 */
export function nodeConditionPaths(dir: string): Record<string, string[]> {
  const base = JSON.parse(readFileSync(join(dir, "tsconfig.base.json"), "utf8")) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const paths = { ...base.compilerOptions.paths };
  for (const [name, pkg] of [
    ["npyio", "npyio"],
    ["@npyio/npz", "npz"],
  ] as const) {
    const entry = `./packages/${pkg}/src/index.node.ts`;
    if (existsSync(join(dir, entry))) paths[name] = [entry];
  }
  return paths;
}
