import { mkdirSync, readFileSync } from "node:fs";
import * as npyio from "npyio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir, chromiumPath, type Demo, samplePath, startDemo } from "./browser.js";

// The umbrella is being written alongside the demo; the decoding tests wait for these exports.
const needed = [
  "parse",
  "readHeader",
  "readRows",
  "httpSource",
  "bytesSource",
  "NpzReader",
  "save",
  "saveNpz",
];
const missing = needed.filter((name) => !(name in npyio));

if (!chromiumPath) {
  console.warn(
    "apps/demo: browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)",
  );
} else if (missing.length > 0) {
  console.warn(`apps/demo: decoding tests skipped: npyio does not export ${missing.join(", ")} yet`);
}

describe.skipIf(!chromiumPath)("the demo in Chromium", () => {
  let demo: Demo;

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.close();
  });

  const shot = (name: string) => demo.page.screenshot({ path: `${artifactsDir}${name}.png`, fullPage: true });
  const text = async (testId: string) => (await demo.page.getByTestId(testId).textContent()) ?? "";

  it("serves the page with one button per sample", async () => {
    await demo.page.goto(demo.base);
    const samples = await demo.page
      .locator("[data-sample]")
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.sample));
    expect(samples).toEqual(["image.npy", "signal.npy", "table.npy", "bundle.npz"]);
    await shot("00-start");
  });

  it("cancels a URL load in progress: the progress bar shows bytes, Cancel drops the download", async () => {
    const { page, log } = demo;
    await page.goto(demo.base);
    await page.locator("#url").fill(`${demo.base}slow/image.npy`);
    await page.getByRole("button", { name: "Open URL" }).click();
    // the route sends half of the file, then stalls: wait until the page has seen those bytes
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLElement>('[data-testid="progress"]');
      return Number(bar?.dataset.loaded ?? 0) > 0;
    });
    const half = Math.floor(readFileSync(samplePath("image.npy")).length / 2);
    expect(await text("progress-text")).toMatch(/ \/ 153\.7 KB$/);
    expect(Number(await page.getByTestId("progress").getAttribute("data-loaded"))).toBeLessThanOrEqual(half);
    await shot("01-loading");
    await page.getByTestId("cancel").click();
    await expect.poll(() => text("status")).toMatch(/^Cancelled loading /);
    expect(await page.locator("#progress").isHidden()).toBe(true);
    await expect.poll(() => log.slowClosedEarly).toBe(true);
    await shot("02-cancelled");
  });

  it("reports no errors on the page", () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
