#!/usr/bin/env node
// Release dry run: apply the pending changesets to a temporary copy of the repository, pack every
// published package there, and check that versions moved independently and that no `workspace:`
// range survives in a packed manifest. Nothing in this checkout changes. Needs `pnpm build` first.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "npyio-release-"));
const packages = readdirSync(join(root, "packages"));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

try {
  cpSync(root, tmp, {
    recursive: true,
    filter: (src) =>
      !/[/\\](node_modules|\.git|\.turbo|bench[/\\]\.tmp)([/\\]|$)/.test(src.slice(root.length)),
  });
  // a real install of the copy (offline, from the store), so `pnpm pack` can resolve `workspace:`
  run("pnpm", ["install", "--offline", "--frozen-lockfile"], tmp);
  const before = Object.fromEntries(
    packages.map((p) => [
      p,
      JSON.parse(readFileSync(join(tmp, "packages", p, "package.json"), "utf8")).version,
    ]),
  );
  const pending = readdirSync(join(tmp, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
  run(process.execPath, [join(tmp, "node_modules/@changesets/cli/bin.js"), "version"], tmp);

  let problems = 0;
  for (const p of packages) {
    const dir = join(tmp, "packages", p);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (!existsSync(join(dir, "dist"))) {
      console.error(`${manifest.name}: no dist/ (run pnpm build first)`);
      problems++;
      continue;
    }
    const out = run("pnpm", ["pack", "--json", "--pack-destination", tmp], dir);
    const tgz = JSON.parse(out.slice(out.indexOf("{"))).filename;
    const packed = JSON.parse(run("tar", ["-xOzf", resolve(tmp, tgz), "package/package.json"], tmp));
    const ranges = { ...packed.dependencies, ...packed.peerDependencies };
    const leaked = Object.entries(ranges).filter(([, v]) => String(v).startsWith("workspace:"));
    if (leaked.length) problems++;
    console.log(
      `${manifest.name.padEnd(14)} ${before[p]} -> ${manifest.version}` +
        `  deps ${JSON.stringify(ranges)}${leaked.length ? "  LEAKED workspace: range" : ""}`,
    );
  }
  console.log(`${pending.length} pending changeset(s) applied in ${tmp}`);
  if (problems) process.exit(1);
} finally {
  if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
}
