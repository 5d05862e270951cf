#!/usr/bin/env node
// Smoke test of the published shape: pack every package (after `pnpm build`), install the tarballs
// into an empty temporary project with npm, then (1) import each package through its `exports` map
// from a plain Node ESM script, and (2) bundle a browser entry with esbuild (platform browser: a
// stray `node:` import fails the build) and run it in headless Chromium. No workspace aliases.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "npyio-smoke-"));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const fixture = join(root, "fixtures/npy/f8-be-3d-fortran.npy");

try {
  const tarballs = [];
  for (const p of readdirSync(join(root, "packages"))) {
    const out = run("pnpm", ["pack", "--json", "--pack-destination", tmp], join(root, "packages", p));
    tarballs.push(resolve(tmp, JSON.parse(out.slice(out.indexOf("{"))).filename));
  }
  const app = join(tmp, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "smoke", private: true, type: "module" }));
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], app);

  // 1. Node ESM, through the exports maps
  writeFileSync(
    join(app, "node.mjs"),
    `import { readFileSync } from "node:fs";
import * as header from "@npyio/header";
import * as dtype from "@npyio/dtype";
import * as dtypeConvert from "@npyio/dtype/convert";
import * as dtypeCast from "@npyio/dtype/cast";
import * as stream from "@npyio/stream";
import * as streamNode from "@npyio/stream/node";
import * as npz from "@npyio/npz";
import * as npzStream from "@npyio/npz/stream";
import * as npzFflate from "@npyio/npz/fflate";
import * as npyio from "npyio";
import * as npyioNode from "npyio/node";
for (const [name, mod] of Object.entries({ header, dtype, dtypeConvert, dtypeCast, stream, streamNode, npz, npzStream, npzFflate, npyio, npyioNode })) {
  if (Object.keys(mod).length === 0) throw new Error(name + " exports nothing");
}
const bytes = new Uint8Array(readFileSync(${JSON.stringify(fixture)}));
const array = npyio.parse(bytes);
const again = npyio.save(array);
if (Buffer.compare(again, bytes) !== 0) throw new Error("save(parse(x)) differs from x");
const viaFile = await npyioNode.readFile(${JSON.stringify(fixture)});
if (viaFile.shape.join() !== array.shape.join()) throw new Error("readFile shape differs");
console.log("node: ok", array.dtype.descr, JSON.stringify(array.shape));
`,
  );
  process.stdout.write(run(process.execPath, ["node.mjs"], app));

  // 2. a browser bundle, run in Chromium
  writeFileSync(
    join(app, "browser.js"),
    `import { parse, save, saveNpz, loadNpz } from "npyio";
window.smoke = async (bytes) => {
  const array = parse(bytes);
  const again = save(array);
  const same = again.length === bytes.length && again.every((b, i) => b === bytes[i]);
  const members = await loadNpz(saveNpz({ a: array }, { compress: true }));
  return { same, shape: array.shape, npz: [...members.keys()] };
};
`,
  );
  const bundle = await build({
    entryPoints: [join(app, "browser.js")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    absWorkingDir: app,
  });
  const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromiumPath)) {
    console.warn(`browser: bundle built; not run, no Chromium at ${chromiumPath}`);
  } else {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage();
      await page.setContent("<!doctype html><title>smoke</title>");
      await page.addScriptTag({ content: bundle.outputFiles[0].text, type: "module" });
      await page.waitForFunction(() => typeof window.smoke === "function");
      const bytes = [...new Uint8Array(execFileSync("cat", [fixture]))];
      const result = await page.evaluate((b) => window.smoke(new Uint8Array(b)), bytes);
      if (!result.same || result.npz.join() !== "a")
        throw new Error(`browser smoke failed: ${JSON.stringify(result)}`);
      console.log("browser: ok", JSON.stringify(result));
    } finally {
      await browser.close();
    }
  }
} finally {
  if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
}
