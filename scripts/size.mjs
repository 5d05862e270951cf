#!/usr/bin/env node
// Size budgets: each package's main entry bundled for the browser, minified and gzipped, with its
// npyio and fflate dependencies left external (each package pays only for its own code). Also checks
// tree-shaking: importing one small function must not pull in the rest of its package.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const budgets = [
  { name: "@npyio/header", entry: "packages/header/src/index.ts", limit: 2.5 },
  { name: "@npyio/dtype", entry: "packages/dtype/src/index.ts", limit: 5 },
  { name: "@npyio/stream", entry: "packages/stream/src/index.ts", limit: 6 },
  { name: "@npyio/npz", entry: "packages/npz/src/index.ts", limit: 6 },
];
// One small export per package and the most it may cost on its own.
const shaking = [
  { name: "@npyio/header", entry: "packages/header/src/index.ts", pick: "isNpyError", limit: 0.6 },
];

const external = ["@npyio/*", "npyio", "fflate", "node:*"];

async function gzSize(options) {
  const out = await build({
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    external,
    logLevel: "silent",
    ...options,
  });
  return gzipSync(out.outputFiles[0].contents, { level: 9 }).length / 1000;
}

let failed = 0;
const rows = [];
for (const b of budgets) {
  const kb = await gzSize({ entryPoints: [b.entry] });
  const ok = kb <= b.limit;
  if (!ok) failed++;
  rows.push(`${ok ? "ok  " : "OVER"} ${b.name.padEnd(15)} ${kb.toFixed(2).padStart(6)} kB of ${b.limit} kB`);
}
for (const s of shaking) {
  const kb = await gzSize({
    stdin: { contents: `export { ${s.pick} } from "./${s.entry}";`, resolveDir: process.cwd(), loader: "ts" },
  });
  const ok = kb <= s.limit;
  if (!ok) failed++;
  rows.push(
    `${ok ? "ok  " : "OVER"} ${`${s.name} { ${s.pick} }`.padEnd(15)} ${kb.toFixed(2).padStart(6)} kB of ${s.limit} kB (tree-shaken)`,
  );
}
console.log(rows.join("\n"));
if (failed) {
  console.error(`${failed} size budget(s) exceeded`);
  process.exit(1);
}
