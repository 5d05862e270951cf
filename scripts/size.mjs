#!/usr/bin/env node
// Size budgets: each package's main entry bundled for the browser, minified and gzipped, with its
// npyio and fflate dependencies left external (each package pays only for its own code). Also checks
// tree-shaking: importing one small function must not pull in the rest of its package.
//
// `target` is the budget the issues set; `ceiling` is what CI enforces. Where a package has not
// reached its target, the ceiling sits just above today's size so it cannot grow unnoticed, and the
// line says MISS: the README's size table records the gap and why.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entries = [
  { name: "@npyio/header", entry: "packages/header/src/index.ts", target: 2.5, ceiling: 3.1 },
  { name: "@npyio/dtype", entry: "packages/dtype/src/index.ts", target: 5, ceiling: 8.5 },
  { name: "@npyio/dtype/convert", entry: "packages/dtype/src/convert.ts", info: true },
  { name: "@npyio/dtype/pickle", entry: "packages/dtype/src/pickle.ts", info: true },
  { name: "@npyio/stream", entry: "packages/stream/src/index.ts", target: 6, ceiling: 6 },
  { name: "@npyio/npz", entry: "packages/npz/src/index.ts", target: 6, ceiling: 7.2 },
  { name: "@npyio/npz/stream", entry: "packages/npz/src/stream.ts", info: true },
  { name: "@npyio/npz/fflate", entry: "packages/npz/src/fflate.ts", info: true },
];
// One export at a time: it must cost far less than its whole package.
const shaking = [
  { pkg: "header", pick: "isNpyError", ceiling: 0.3 },
  { pkg: "header", pick: "serializeHeader", ceiling: 1.8 },
  { pkg: "dtype", pick: "parseDescr", ceiling: 2.4 },
  { pkg: "dtype", pick: "datetimeToISO", entry: "convert", ceiling: 1.2 },
  { pkg: "stream", pick: "readHeader", ceiling: 0.8 },
  { pkg: "npz", pick: "crc32", ceiling: 0.5 },
  { pkg: "npz", pick: "saveNpz", ceiling: 2.6 },
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
for (const b of entries) {
  const kb = await gzSize({ entryPoints: [b.entry] });
  // an `info` line reports a secondary entry point's size without a budget
  const status = b.info ? "info" : kb > b.ceiling ? "OVER" : kb > b.target ? "MISS" : "ok  ";
  if (kb > b.ceiling) failed++;
  const budget = b.info ? "" : `  target ${b.target} kB, ceiling ${b.ceiling} kB`;
  rows.push(`${status} ${b.name.padEnd(34)} ${kb.toFixed(2).padStart(5)} kB${budget}`);
}
for (const s of shaking) {
  const kb = await gzSize({
    stdin: {
      contents: `export { ${s.pick} } from "./packages/${s.pkg}/src/${s.entry ?? "index"}.ts";`,
      resolveDir: process.cwd(),
      loader: "ts",
    },
  });
  const ok = kb <= s.ceiling;
  if (!ok) failed++;
  rows.push(
    `${ok ? "ok  " : "OVER"} ${`@npyio/${s.pkg}${s.entry ? `/${s.entry}` : ""} { ${s.pick} } alone`.padEnd(34)} ${kb.toFixed(2).padStart(5)} kB  ceiling ${s.ceiling} kB`,
  );
}
console.log(rows.join("\n"));
if (failed) {
  console.error(`${failed} size ceiling(s) exceeded`);
  process.exit(1);
}
