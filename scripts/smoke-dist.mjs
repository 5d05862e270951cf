#!/usr/bin/env node
// Smoke test of the published shape: pack every package (after `pnpm build`), install the tarballs
// into an empty temporary project with npm, then (1) import each package through its `exports` map
// from a plain Node ESM script, and (2) bundle a browser entry with esbuild (platform browser: a
// stray `node:` import fails the build) and run it in headless Chromium, and (3) run one smoke
// script under Node, Bun and Deno (npm packages `bun` and `@deno/linux-x64-glibc`, installed into a
// directory outside the workspace), whose archives numpy then reads. No workspace aliases.
// (4) The `npyio` command: `pnpm exec npyio` in the checkout, as the README says, and the packed
// tarballs installed globally (`npm i -g`, into a temporary prefix) running from that prefix's bin.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
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

  // 4. the `npyio` command, from the checkout and installed globally from the tarballs
  const cliBin = join(root, "packages/cli/dist/bin.js");
  if ((statSync(cliBin).mode & 0o111) === 0) throw new Error(`${cliBin} is not executable`);
  if (!readFileSync(cliBin, "utf8").startsWith("#!/usr/bin/env node\n"))
    throw new Error(`${cliBin} has no shebang`);
  const info = (out) => {
    if (!/^descr +'<f8'$/m.test(out) || !/^shape +\(2, 3, 4\)$/m.test(out))
      throw new Error(`npyio info printed:\n${out}`);
  };
  info(run("pnpm", ["exec", "npyio", "info", fixture], root));
  console.log("cli: pnpm exec npyio ok");
  const prefix = join(tmp, "global");
  run(
    "npm",
    ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", ...tarballs],
    tmp,
  );
  const globalBin = join(prefix, process.platform === "win32" ? "npyio.cmd" : "bin/npyio");
  info(run(globalBin, ["info", fixture], tmp));
  console.log("cli: npm i -g of the tarballs ok:", run(globalBin, ["--version"], tmp).trim());

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

  // 3. every runtime: parse, load from a stream, loadNpz of a deflated archive, saveNpz compressed
  const runtimes = installRuntimes();
  writeFileSync(
    join(app, "runtime.mjs"),
    `import { readFileSync, writeFileSync } from "node:fs";
import { load, loadNpz, NpzReader, parse, saveNpz } from "npyio";
const [fixture, archive, out] = ${JSON.stringify([fixture, join(root, "fixtures/npz/savez-compressed.npz")])}.concat(
  [globalThis.process?.argv?.at(-1)],
);
const bytes = new Uint8Array(readFileSync(fixture));
const array = parse(bytes);
const streamed = await load(new Blob([bytes]).stream());
if (streamed.shape.join() !== array.shape.join() || streamed.data.join() !== array.data.join())
  throw new Error("load(stream) differs from parse");
const members = await loadNpz(new Uint8Array(readFileSync(archive)));
const reader = await NpzReader.open(archive); // a path: the node export condition
if (reader.names().join() !== [...members.keys()].join()) throw new Error("NpzReader.open(path) differs");
await reader.close();
writeFileSync(out, saveNpz({ ...Object.fromEntries(members), fromNpy: array }, { compress: true }));
console.log("ok", [...members.keys()].join(","), array.dtype.descr);
`,
  );
  for (const [name, argv] of Object.entries(runtimes)) {
    const out = join(tmp, `${name}.npz`);
    const said = run(argv[0], [...argv.slice(1), "runtime.mjs", out], app).trim();
    const check = execFileSync(
      "python3",
      [
        "-c",
        `import sys, numpy as np
want = dict(np.load(sys.argv[1]))
want["fromNpy"] = np.load(sys.argv[2])
with np.load(sys.argv[3]) as got:
    assert sorted(got.files) == sorted(want), (got.files, list(want))
    for k, v in want.items():
        g = got[k]
        assert g.dtype == v.dtype and g.shape == v.shape, (k, g.dtype, v.dtype, g.shape, v.shape)
        assert g.flags.f_contiguous == v.flags.f_contiguous and g.tobytes("A") == v.tobytes("A"), k
print("numpy reads it")`,
        join(root, "fixtures/npz/savez-compressed.npz"),
        fixture,
        out,
      ],
      { encoding: "utf8" },
    ).trim();
    console.log(`${name}: ${said}; ${check}`);
  }
} finally {
  if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
}

/**
 * Node, Bun and Deno, as argv prefixes. Bun and Deno come from npm (`bun`, `@deno/linux-x64-glibc`),
 * installed once into /tmp/npyio-runtimes (the OS temp dir), outside the workspace and its
 * lockfile. If they cannot be installed, CI fails; elsewhere the runtime is left out, with the reason.
 */
function installRuntimes() {
  const dir = join(tmpdir(), "npyio-runtimes");
  const bun = join(dir, "node_modules/.bin/bun");
  const deno = join(dir, "node_modules/@deno/linux-x64-glibc/deno");
  if (!existsSync(bun) || !existsSync(deno)) {
    try {
      mkdirSync(dir, { recursive: true });
      execFileSync(
        "npm",
        [
          "install",
          "--prefix",
          dir,
          "--no-audit",
          "--no-fund",
          "--loglevel=error",
          "bun",
          "@deno/linux-x64-glibc",
        ],
        { stdio: ["ignore", "inherit", "inherit"] },
      );
    } catch (err) {
      const why = `npm install of bun and @deno/linux-x64-glibc into ${dir} failed: ${err.message}`;
      if (process.env.CI === "true") throw new Error(why);
      console.warn(`runtimes: ${why}; Bun and Deno left out`);
    }
  }
  const runtimes = { node: [process.execPath] };
  if (existsSync(bun)) runtimes.bun = [bun];
  // Deno reads node_modules beside package.json; file and env access for the script only
  if (existsSync(deno))
    runtimes.deno = [deno, "run", "--allow-read", "--allow-write", "--allow-env", "--allow-sys"];
  for (const [name, path] of [
    ["bun", bun],
    ["deno", deno],
  ]) {
    if (!runtimes[name]) {
      const why = `${name}: not installed (${path} missing)`;
      if (process.env.CI === "true") throw new Error(why);
      console.warn(`runtimes: ${why}; left out`);
    }
  }
  return runtimes;
}
