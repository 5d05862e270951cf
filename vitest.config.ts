import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

/**
 * Workspace packages resolve to their TypeScript sources, so tests never need a build first. The
 * Node pass takes the entries of the `node` export condition (as Node does from package.json);
 * {@link browserAliases} takes the portable ones.
 */
export const sourceAliases = [
  { find: /^@npyio\/header$/, replacement: src("header/src/index.ts") },
  { find: /^@npyio\/dtype$/, replacement: src("dtype/src/index.ts") },
  { find: /^@npyio\/dtype\/convert$/, replacement: src("dtype/src/convert.ts") },
  { find: /^@npyio\/dtype\/pickle$/, replacement: src("dtype/src/pickle.ts") },
  { find: /^@npyio\/dtype\/cast$/, replacement: src("dtype/src/cast.ts") },
  { find: /^@npyio\/stream$/, replacement: src("stream/src/index.ts") },
  { find: /^@npyio\/stream\/node$/, replacement: src("stream/src/node.ts") },
  { find: /^@npyio\/stream\/http$/, replacement: src("stream/src/http.ts") },
  { find: /^@npyio\/stream\/slice$/, replacement: src("stream/src/slice.ts") },
  { find: /^@npyio\/stream\/seekable$/, replacement: src("stream/src/seekable.ts") },
  { find: /^@npyio\/stream\/transforms$/, replacement: src("stream/src/transforms.ts") },
  { find: /^@npyio\/npz$/, replacement: src("npz/src/index.node.ts") },
  { find: /^@npyio\/npz\/node$/, replacement: src("npz/src/node.ts") },
  { find: /^@npyio\/npz\/stream$/, replacement: src("npz/src/stream.ts") },
  { find: /^@npyio\/npz\/fflate$/, replacement: src("npz/src/fflate.ts") },
  { find: /^npyio$/, replacement: src("npyio/src/index.node.ts") },
  { find: /^npyio\/node$/, replacement: src("npyio/src/node.ts") },
  { find: /^npyio\/repr$/, replacement: src("npyio/src/repr.ts") },
];

/** The aliases of a browser (the default export condition): no `node` entry. */
export const browserAliases = sourceAliases.map(({ find, replacement }) => ({
  find,
  replacement: replacement.replace(/index\.node\.ts$/, "index.ts"),
}));

/**
 * The numpy interop tests spawn `python3`. `npx pnpm …` puts Node's own bin directory (often /usr/bin)
 * first on PATH, which can hide the python3 that has numpy behind a system one that has not; so the
 * first python3 on PATH that can import numpy goes first (tests without it skip with a printed reason).
 */
function preferNumpyPython(): void {
  const dirs = (process.env.PATH ?? "").split(delimiter);
  for (const dir of dirs) {
    const python = join(dir, "python3");
    if (!existsSync(python) || spawnSync(python, ["-c", "import numpy"]).status !== 0) continue;
    process.env.PATH = [dir, ...dirs.filter((d) => d !== dir)].join(delimiter);
    return;
  }
}
preferNumpyPython();

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "fixtures/test/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "fuzz/test/**/*.test.ts",
      "examples/test/**/*.test.ts",
    ],
    // CORS exists only in browsers: the Chromium pass (vitest.browser.config.ts) runs this file
    exclude: [...configDefaults.exclude, "packages/npz/test/cors.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
