import { mkdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { artifactsDir, chromiumPath, type Demo, samplePath, startDemo } from "./browser.js";

/** How long a wait for the page may take: a limit for a stuck page, not an assertion on speed. */
const WAIT = { timeout: 120_000 };

if (!chromiumPath) {
  console.warn(
    "apps/demo: browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)",
  );
}

// generous limits: 2 cores shared with other test runs; the first open compiles the worker's modules
describe.skipIf(!chromiumPath)("the demo in Chromium", { timeout: 240_000 }, () => {
  let demo: Demo;

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.close();
  });
  beforeEach(async () => {
    await demo.page.goto(demo.base);
  });

  const shot = (name: string) => demo.page.screenshot({ path: `${artifactsDir}${name}.png`, fullPage: true });
  const text = async (testId: string) => (await demo.page.getByTestId(testId).textContent()) ?? "";

  it("serves the page with one button per sample", async () => {
    const samples = await demo.page
      .locator("[data-sample]")
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.sample));
    expect(samples).toEqual(["image.npy", "signal.npy", "table.npy", "bundle.npz"]);
    await shot("00-start");
  });

  it("cancels a URL load in progress: the progress bar shows bytes, Cancel drops the download", async () => {
    const { page, log } = demo;
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
    await expect.poll(() => text("status"), WAIT).toMatch(/^Cancelled loading /);
    expect(await page.locator("#progress").isHidden()).toBe(true);
    await expect.poll(() => log.slowClosedEarly, WAIT).toBe(true);
    await shot("02-cancelled");
  });

  describe("decoding with npyio", () => {
    /** Clicks a sample button and waits until the page shows that file. */
    async function openSample(name: string) {
      await demo.page.locator(`[data-sample="${name}"]`).click();
      await expect.poll(() => text("doc-name"), WAIT).toBe(name);
    }
    const cell = async (i: number, j: number) =>
      (await demo.page.locator(`[data-testid="table"] [data-cell="${i},${j}"]`).textContent()) ?? "";

    it("opens image.npy: header facts, a heatmap that is not blank, a value scale, a histogram", async () => {
      await openSample("image.npy");
      expect(await text("fact-shape")).toBe("(160, 240)");
      expect(await text("fact-dtype")).toBe("32-bit float, little-endian");
      expect(await text("fact-order")).toBe("C (row-major)");
      expect(await text("fact-version")).toMatch(/^\.npy version 1\.0, data at byte 128$/);
      expect(await text("fact-bytes")).toMatch(/^153\.6 KB of data \(38,400 × 4 bytes\)$/);
      const pixels = await canvasColors("heatmap");
      expect(pixels.width).toBe(240);
      expect(pixels.height).toBe(160);
      expect(pixels.distinct).toBeGreaterThan(100);
      expect((await canvasColors("scale")).distinct).toBeGreaterThan(100);
      expect(await demo.page.getByTestId("scale-labels").locator("span").count()).toBe(5);
      expect((await canvasColors("histogram")).distinct).toBeGreaterThan(2);
      expect(await demo.page.locator('[data-view="line"]').isHidden()).toBe(true);
      await shot("10-image");
    });

    it("opens signal.npy: a line plot with uPlot and the values", async () => {
      await openSample("signal.npy");
      expect(await text("fact-shape")).toBe("(4096,)");
      expect(await text("fact-dtype")).toBe("64-bit float, little-endian");
      expect(await demo.page.locator('[data-testid="line"] .uplot').count()).toBe(1);
      expect((await canvasColors("line")).distinct).toBeGreaterThan(2);
      expect(await demo.page.locator('[data-view="heatmap"]').isHidden()).toBe(true);
      expect(await cell(0, 0)).toMatch(/^-?\d/);
      await shot("11-signal");
    });

    it("opens table.npy: a structured array as columns, strings and datetimes readable", async () => {
      await openSample("table.npy");
      expect(await text("fact-shape")).toBe("(300,)");
      expect(await text("fact-dtype")).toMatch(
        /^record of 5 fields: id \(32-bit signed integer, little-endian\)/,
      );
      const headers = await demo.page.locator(".grid-col-label").allTextContents();
      expect(headers).toEqual(["id", "name", "mass", "seen", "ok"]);
      expect(await cell(0, 0)).toBe("0");
      expect(await cell(0, 1)).toBe("alpha-0");
      expect(await cell(1, 1)).toBe("beta-1");
      expect(await cell(0, 3)).toMatch(/^2024-03-01T\d\d:\d\d:\d\d$/);
      expect(await cell(0, 4)).toMatch(/^(True|False)$/);
      await shot("12-table");
    });

    it("opens bundle.npz: the member list, a big-endian member, strings and a sliced 3-D stack", async () => {
      await openSample("bundle.npz");
      const members = await demo.page
        .locator("[data-member]")
        .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.member));
      expect(members).toEqual(["temperature", "stations", "codes", "stack", "counts", "updated", "grid"]);
      expect(await text("fact-shape")).toBe("(48, 64)");
      expect(await text("fact-dtype")).toBe("64-bit float, big-endian");
      expect((await canvasColors("heatmap")).distinct).toBeGreaterThan(100);
      await shot("13-bundle-temperature");

      await demo.page.locator('[data-member="stations"]').click();
      expect(await text("fact-shape")).toBe("(6,)");
      expect(await cell(4, 0)).toBe("Reykjavík");
      await demo.page.locator('[data-member="codes"]').click();
      expect(await cell(0, 0)).toBe("b'OSL'");
      await demo.page.locator('[data-member="updated"]').click();
      expect([await cell(0, 0), await cell(1, 0), await cell(2, 0)]).toEqual([
        "2024-01-01T00:00",
        "2024-06-30T12:30",
        "NaT",
      ]);

      await demo.page.locator('[data-member="stack"]').click();
      expect(await text("fact-shape")).toBe("(4, 32, 32)");
      expect(await cell(0, 1)).toBe("2");
      await demo.page.locator('[data-testid="slice"] input[data-axis="0"]').fill("3");
      await expect.poll(() => cell(0, 1), WAIT).toBe("122");
      await shot("14-bundle-stack");

      // a Fortran-order member: element (i, j) is 100 i + j
      await demo.page.locator('[data-member="grid"]').click();
      expect(await text("fact-order")).toBe("Fortran (column-major)");
      expect([await cell(1, 2), await cell(3, 0), await cell(0, 5)]).toEqual(["102", "300", "5"]);
    });

    it("opens a URL from the same server", async () => {
      await demo.page.locator("#url").fill(`${demo.base}samples/signal.npy`);
      await demo.page.getByRole("button", { name: "Open URL" }).click();
      await expect.poll(() => text("doc-name"), WAIT).toBe("signal.npy");
      expect(await text("fact-shape")).toBe("(4096,)");
    });

    it("loads rows 100 to 300 of a remote .npy with Range requests", async () => {
      demo.log.ranges.length = 0;
      await demo.page.locator("#url").fill(`${demo.base}samples/signal.npy`);
      await demo.page.locator("#rows-start").fill("100");
      await demo.page.locator("#rows-end").fill("300");
      await demo.page.getByRole("button", { name: "Load rows of URL" }).click();
      await expect.poll(() => text("fact-shape"), WAIT).toBe("(200,) (rows 100–300 of (4096,))");
      const requests = demo.log.ranges.filter((r) => r.path === "/samples/signal.npy");
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((r) => r.range?.startsWith("bytes="))).toBe(true);
      expect(await demo.page.locator(".grid-row-label").first().textContent()).toBe("100");
      await shot("15-rows");
    });

    it("opens a file from the file picker and by drag and drop", async () => {
      await demo.page.locator("#file").setInputFiles(samplePath("table.npy"));
      await expect.poll(() => text("doc-name"), WAIT).toBe("table.npy");
      expect(await text("fact-shape")).toBe("(300,)");

      const bytes = [...readFileSync(samplePath("bundle.npz"))];
      await demo.page.evaluate((data) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], "dropped.npz"));
        document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
      }, bytes);
      await expect.poll(() => text("doc-name"), WAIT).toBe("dropped.npz");
      expect(await demo.page.locator("[data-member]").count()).toBe(7);
    });

    it("saves an array as .npy byte-identical to numpy's file, and the set as .npz that reopens", async () => {
      await openSample("image.npy");
      const [npy] = await Promise.all([
        demo.page.waitForEvent("download"),
        demo.page.getByTestId("save-npy").click(),
      ]);
      expect(npy.suggestedFilename()).toBe("image.npy");
      const saved = readFileSync(await npy.path());
      expect(saved.equals(readFileSync(samplePath("image.npy")))).toBe(true);

      await openSample("bundle.npz");
      const [npz] = await Promise.all([
        demo.page.waitForEvent("download"),
        demo.page.getByTestId("save-npz").click(),
      ]);
      expect(npz.suggestedFilename()).toBe("bundle.npz");
      await demo.page.locator("#file").setInputFiles(await npz.path());
      await expect.poll(() => text("status"), WAIT).toMatch(/: decoded in a Web Worker/);
      await demo.page.locator('[data-member="temperature"]').click();
      expect(await text("fact-dtype")).toBe("64-bit float, big-endian");
      await demo.page.locator('[data-member="stations"]').click();
      expect(await cell(4, 0)).toBe("Reykjavík");
    });
  });

  it("says what is wrong with a file that is not an array, with npyio's error code", async () => {
    await demo.page.locator("#file").setInputFiles({
      name: "notes.npy",
      mimeType: "text/plain",
      buffer: Buffer.from("not an array, just some text that someone saved as .npy\n"),
    });
    await expect.poll(() => text("status"), WAIT).toMatch(/^BAD_MAGIC: /);
    expect(await demo.page.getByTestId("status").getAttribute("class")).toContain("error");
    await shot("17-error");
  });

  it("opens a 2000 × 3000 float32 array (24 MB): the heatmap is sampled down to 1024 px per side", async () => {
    const { page } = demo;
    await page.locator("#url").fill(`${demo.base}generated/large.npy`);
    await page.getByRole("button", { name: "Open URL" }).click();
    await expect.poll(() => text("doc-name"), WAIT).toBe("large.npy");
    expect(await text("fact-shape")).toBe("(2000, 3000)");
    expect(await text("fact-bytes")).toMatch(/^24\.0 MB of data \(6,000,000 × 4 bytes\)$/);
    const pixels = await canvasColors("heatmap");
    expect([pixels.width, pixels.height]).toEqual([1024, 1024]);
    expect(pixels.distinct).toBeGreaterThan(100);
    expect(await text("hist-note")).toBe("all 6,000,000 values");
    await shot("16-large");
  });

  /** Size and number of distinct colours of the first canvas inside the element with `testId`. */
  function canvasColors(testId: string) {
    return demo.page.evaluate((id) => {
      const host = document.querySelector(`[data-testid="${id}"]`)!;
      const canvas = host instanceof HTMLCanvasElement ? host : host.querySelector("canvas")!;
      const { width, height } = canvas;
      const data = canvas.getContext("2d")!.getImageData(0, 0, width, height).data;
      const colors = new Set<number>();
      for (let p = 0; p < data.length; p += 4)
        colors.add((data[p]! << 16) | (data[p + 1]! << 8) | data[p + 2]!);
      return { width, height, distinct: colors.size };
    }, testId);
  }

  it("scrolls a 2,000,000-row table to its last row, and plots it", async () => {
    const { page } = demo;
    await page.locator("#url").fill(`${demo.base}generated/long.npy`);
    await page.getByRole("button", { name: "Open URL" }).click();
    await expect.poll(() => text("doc-name"), WAIT).toBe("long.npy");
    expect(await text("fact-shape")).toBe("(2000000,)");
    expect((await canvasColors("line")).distinct).toBeGreaterThan(2);
    // 2,000,000 rows of 24 px are more than a browser lets an element be tall
    await page.locator('[data-testid="table"] .grid-viewport').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect
      .poll(async () => (await page.locator(".grid-row-label").allTextContents()).at(-1), WAIT)
      .toBe("1999999");
    const lastCells = await page.locator('[data-testid="table"] [data-cell$=",0"]').allTextContents();
    expect(lastCells.at(-1)).toBe("1999999");
    await shot("18-long-end");
  });

  it("reports no errors on the page", () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
