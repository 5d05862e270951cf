// The browser pass: the core packages' test files run in real Chromium (Debian's /usr/bin/chromium,
// driven by Playwright; never a downloaded browser). Test files that import Node built-ins (file
// system, child processes for numpy interop, HTTP servers) are Node-only by construction and are
// left to the Node pass; the list is printed so nothing drops out silently.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { browserAliases } from "./vitest.config.ts";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const packages = ["header", "dtype", "stream", "npz"];
// Node built-ins imported, or Node globals used
const nodeOnly = /from\s+["']node:|import\(\s*["']node:|\bBuffer\.|\bprocess\./;

/** True when the file, or a test helper it imports by a relative path, imports a Node built-in. */
function needsNode(path: string, seen = new Set<string>()): boolean {
  if (seen.has(path) || !existsSync(path)) return false;
  seen.add(path);
  const text = readFileSync(path, "utf8");
  if (nodeOnly.test(text)) return true;
  for (const [, rel] of text.matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    // fixtures/index.ts has a browser twin (below); the package sources must run in browsers anyway
    if (rel!.includes("fixtures/index") || rel!.includes("/src/")) continue;
    const dep = join(dirname(path), rel!.replace(/\.js$/, ".ts"));
    if (needsNode(dep, seen)) return true;
  }
  return false;
}

const include: string[] = [];
const skipped: string[] = [];
for (const pkg of packages) {
  const dir = join("packages", pkg, "test");
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!f.endsWith(".test.ts")) continue;
    const path = join(dir, f);
    (needsNode(path) ? skipped : include).push(path);
  }
}
if (skipped.length)
  console.log(`browser pass: Node-only test files left to the Node pass: ${skipped.join(", ")}`);
if (!existsSync(chromium)) {
  console.warn(
    `browser pass: skipping, no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

export default defineConfig({
  resolve: {
    alias: [
      ...browserAliases,
      {
        find: /^(\.\.\/)+fixtures\/index\.js$/,
        replacement: join(import.meta.dirname, "fixtures/index.browser.ts"),
      },
    ],
  },
  test: {
    include: existsSync(chromium) ? include : [],
    passWithNoTests: !existsSync(chromium),
    // nginx on a second loopback origin, for the CORS tests
    globalSetup: existsSync(chromium) ? ["packages/npz/test/cors-setup.ts"] : [],
    testTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-browser-report.json" },
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
          ],
        },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
});
