/**
 * How `npyio` is started: the root of the checkout depends on the workspace CLI, so pnpm links the
 * command into node_modules/.bin; the linked entry runs the build in dist/, and in a checkout that
 * was never built says how to build instead of failing with a stack trace.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "./helpers/run-npyio.js";

const cli = join(root, "packages/cli");
const manifest = JSON.parse(readFileSync(join(cli, "package.json"), "utf8"));
const dir = mkdtempSync(join(tmpdir(), "npyio-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the package's bin entry in a scratch package, with or without a dist/bin.js. */
function scratchPackage(name: string, distBin?: string): string {
  const pkg = join(dir, name);
  mkdirSync(join(pkg, "bin"), { recursive: true });
  copyFileSync(join(cli, manifest.bin.npyio), join(pkg, manifest.bin.npyio));
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ type: "module" }));
  if (distBin !== undefined) {
    mkdirSync(join(pkg, "dist"));
    writeFileSync(join(pkg, "dist/bin.js"), distBin);
  }
  return join(pkg, manifest.bin.npyio);
}

describe("the npyio bin", () => {
  it("is linked into the checkout: the root depends on the workspace CLI", () => {
    const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(rootManifest.dependencies["@npyio/cli"]).toBe("workspace:*");
    expect(manifest.bin.npyio).toBe("./bin/npyio.js");
    expect(manifest.files).toContain("bin");
    // pnpm's shim names its target on its last line
    expect(readFileSync(join(root, "node_modules/.bin/npyio"), "utf8")).toContain(
      "@npyio/cli/./bin/npyio.js",
    );
  });

  it("runs dist/bin.js with the arguments", () => {
    const entry = scratchPackage("built", "console.log(JSON.stringify(process.argv.slice(2)));\n");
    const r = spawnSync(process.execPath, [entry, "info", "a b.npy"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(["info", "a b.npy"]);
  });

  it("says how to build when dist/ is missing: one line, exit 2", () => {
    const entry = scratchPackage("unbuilt");
    const r = spawnSync(process.execPath, [entry, "info", "x.npy"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "npyio: the command is not built yet; run `npx -y pnpm@12.4.2 build` in the npyio checkout, then try again\n",
    );
  });

  it("the build makes dist/bin.js an executable script", () => {
    expect(manifest.scripts.build).toMatch(/chmodSync\('dist\/bin\.js', 0o755\)/);
    expect(readFileSync(join(cli, "src/bin.ts"), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});
