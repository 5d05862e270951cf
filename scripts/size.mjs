#!/usr/bin/env node
// Size budgets: each package's main entry bundled for the browser, minified and gzipped, with its
// npyio and fflate dependencies left external (each package pays only for its own code). Also checks
// tree-shaking: importing one small function must not pull in the rest of its package.
//
// This file is the one home of every size budget (the README's size table quotes it). A budget is a
// product decision: issue 20 made the floors measured then the package budgets (header 3.1, dtype
// 8.0, stream 6.0, npz 7.2 kB). Where a package is above its number, the reason is a feature:
// - header 3.3 kB: checkDataExtent (0.15 kB), the one TRUNCATED/TRAILING_DATA check that parse,
//   readNpy, the stream decoders and the CLI import instead of three copies of their own.
// - dtype 8.4 kB: the WebAssembly SIMD byte-swap kernel (byteSwap, nativeOrder: 0.56 kB, asked for by
//   the performance issue) took it to 8.48; U strings decoding through String.fromCodePoint gave 0.10
//   back. 8.0 would need another 0.38 kB: the opt-in long double codec alone is 0.51 kB, and folding
//   the codecs' remaining shared code yields tens of bytes, not hundreds.
// - npz: numpy slices of a stored member (openMember, issue 21), the member reader's pickle options
//   (issue 22) and node:zlib pieces for whole-member reads. 7.2 would need about 1 kB: NpzWriter is
//   0.8 kB of the entry, so it would have to leave the main entry for ./stream.
// - stream is back under its 6.0 kB: httpSource's validators and in-order reads (issue 15) and
//   openNpy's slices (issue 21) took the main entry to 11.25 kB; rather than raise its budget they
//   moved to entries of their own (@npyio/stream/http, @npyio/stream/slice), so an app that reads a
//   Blob, a Response or a URL whole pays for neither. Each new entry's budget is its size when it was
//   split off, rounded up to 0.1 kB.
// The `npyio` rows are what an app pays for one function with everything bundled (fflate included).
// `load` has 37.0 kB: 35.40 kB measured once openMember replaced NpzReader#open (a class method is
// never tree-shaken, so every .npz reader carried openNpy's index parser and slice planner, +3.4 kB).
// Any row over its budget fails `pnpm size`, and so CI.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entries = [
  // 3.1 (issue 20) + checkDataExtent, the one TRUNCATED/TRAILING_DATA check every reader now imports (0.15 kB)
  { name: "@npyio/header", entry: "packages/header/src/index.ts", budget: 3.3 },
  { name: "@npyio/dtype", entry: "packages/dtype/src/index.ts", budget: 8.4 },
  { name: "@npyio/dtype/convert", entry: "packages/dtype/src/convert.ts", info: true },
  { name: "@npyio/dtype/pickle", entry: "packages/dtype/src/pickle.ts", info: true },
  { name: "@npyio/dtype/cast", entry: "packages/dtype/src/cast.ts", info: true },
  { name: "@npyio/stream", entry: "packages/stream/src/index.ts", budget: 6.0 },
  // HTTP Range reads: httpSource with its validator checks, coalescing and in-order reads of a 200
  { name: "@npyio/stream/http", entry: "packages/stream/src/http.ts", budget: 3.9 },
  // range reads: openNpy (numpy's index parser, the slice planner) and readRows
  { name: "@npyio/stream/slice", entry: "packages/stream/src/slice.ts", budget: 6.1 },
  { name: "@npyio/npz", entry: "packages/npz/src/index.ts", budget: 8.4 },
  { name: "@npyio/npz/stream", entry: "packages/npz/src/stream.ts", info: true },
  { name: "@npyio/npz/fflate", entry: "packages/npz/src/fflate.ts", info: true },
];
// What an app ships for one import, with every dependency bundled. npyjs (bench/'s peer) is measured
// the same way for the README's comparison; it reads fewer dtypes (little-endian numbers, bools and
// `U` strings: no big-endian data, `S` strings, structs or datetimes) and no .npz.
const apps = [
  {
    name: "npyio { parse }",
    contents: 'export { parse } from "./packages/npyio/src/index.ts";',
    // 10.56 kB until parse took allowPickle (issue 22): the unpickler is imported by parse itself, so
    // it is bundled whether or not an app reads object arrays (+6.3 kB)
    budget: 17.0,
  },
  { name: "npyio { load }", contents: 'export { load } from "./packages/npyio/src/index.ts";', budget: 37.0 },
  {
    name: "npyjs { parse } (bench peer)",
    contents: 'export { parse } from "npyjs";',
    resolveDir: "bench",
    info: true,
  },
  { name: "npyjs, whole package", contents: 'export * from "npyjs";', resolveDir: "bench", info: true },
];
// One export at a time: it must cost far less than its whole package.
const shaking = [
  { pkg: "header", pick: "isNpyError", budget: 0.3 },
  { pkg: "header", pick: "serializeHeader", budget: 1.8 },
  { pkg: "dtype", pick: "parseDescr", budget: 2.4 },
  { pkg: "dtype", pick: "FixedStrings", budget: 3.1 },
  { pkg: "dtype", pick: "datetimeToISO", entry: "convert", budget: 1.2 },
  { pkg: "stream", pick: "readHeader", budget: 0.8 },
  // a URL is one plain GET (fetchWhole): httpSource, openNpy and readRows stay out (7.05 kB before the split)
  { pkg: "stream", pick: "readNpy", budget: 4.5 },
  { pkg: "npz", pick: "crc32", budget: 0.5 },
  { pkg: "npz", pick: "saveNpz", budget: 2.6 },
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
function row(b, label, kb) {
  // an `info` row reports a size without a budget
  const over = !b.info && kb > b.budget;
  if (over) failed++;
  const status = b.info ? "info" : over ? "OVER" : "ok  ";
  const budget = b.info ? "" : `  budget ${b.budget.toFixed(1)} kB`;
  rows.push(`${status} ${label.padEnd(56)} ${kb.toFixed(2).padStart(5)} kB${budget}`);
}
for (const b of entries) row(b, b.name, await gzSize({ entryPoints: [b.entry] }));
for (const s of shaking) {
  const contents = `export { ${s.pick} } from "./packages/${s.pkg}/src/${s.entry ?? "index"}.ts";`;
  const kb = await gzSize({ stdin: { contents, resolveDir: process.cwd(), loader: "ts" } });
  row(s, `@npyio/${s.pkg}${s.entry ? `/${s.entry}` : ""} { ${s.pick} } alone`, kb);
}
for (const a of apps) {
  const resolveDir = a.resolveDir ?? process.cwd();
  const kb = await gzSize({
    stdin: { contents: a.contents, resolveDir, loader: "ts" },
    external: ["node:*"],
  });
  row(a, `${a.name}, all dependencies bundled`, kb);
}
console.log(rows.join("\n"));
if (failed) {
  console.error(
    `${failed} size budget(s) exceeded: make the code smaller, or change the budget in scripts/size.mjs and the README's size table together`,
  );
  process.exit(1);
}
