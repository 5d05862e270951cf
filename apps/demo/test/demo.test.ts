import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "npyio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formatTick } from "../src/format.js";
import { artifactsDir, chromiumPath, type Demo, largeNpy, samplePath, startDemo } from "./browser.js";

const fixturePath = (name: string) => fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url));

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
      // the sample button says as many members as the archive has
      const title = await demo.page.locator('[data-sample="bundle.npz"]').getAttribute("title");
      expect(title).toMatch(new RegExp(`^${members.length} members`));
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
    // a float32 prints as numpy prints it inside an array: np.array([1999999.], np.float32)
    expect(lastCells.at(-1)).toBe("1.999999e+06");
    await shot("18-long-end");
  });

  describe("the edges a visitor meets", () => {
    const open = async (url: string) => {
      await demo.page.locator("#url").fill(url);
      await demo.page.getByRole("button", { name: "Open URL" }).click();
    };
    const rows = async (url: string, start: number, end: number) => {
      await demo.page.locator("#url").fill(url);
      await demo.page.locator("#rows-start").fill(String(start));
      await demo.page.locator("#rows-end").fill(String(end));
      await demo.page.getByRole("button", { name: "Load rows of URL" }).click();
    };
    const docHidden = () => demo.page.locator("#doc").isHidden();
    const action = () => demo.page.getByTestId("status-action");

    it("a failed load clears the array shown before it", async () => {
      await demo.page.locator('[data-sample="image.npy"]').click();
      await expect.poll(() => text("doc-name"), WAIT).toBe("image.npy");
      expect(await docHidden()).toBe(false);
      await demo.page.locator("#file").setInputFiles({
        name: "notes.npy",
        mimeType: "text/plain",
        buffer: Buffer.from("not an array\n"),
      });
      await expect.poll(() => text("status"), WAIT).toMatch(/^BAD_MAGIC: /);
      expect(await docHidden()).toBe(true);
      await shot("20-error-clears");
    });

    it("an empty array says it has no elements and draws no heatmap", async () => {
      await open(`${demo.base}generated/empty.npy`);
      await expect.poll(() => text("doc-name"), WAIT).toBe("empty.npy");
      expect(await text("fact-shape")).toBe("(0, 5)");
      expect(await text("empty-note")).toBe("This array has no elements: shape (0, 5).");
      expect(await demo.page.getByTestId("empty-note").isVisible()).toBe(true);
      for (const view of ["heatmap", "line", "histogram"])
        expect(await demo.page.locator(`[data-view="${view}"]`).isHidden()).toBe(true);
      await shot("21-empty");
    });

    it("a URL on another origin without CORS headers names CORS and the header to send", async () => {
      const url = `${demo.pythonServer}signal.npy`;
      const origin = new URL(demo.base).origin;
      await open(url);
      await expect.poll(() => text("status"), WAIT).toContain("CORS");
      const status = await text("status");
      expect(status).toContain(`Could not fetch ${url}`);
      expect(status).toContain(`Access-Control-Allow-Origin: ${origin}`);
      expect(status).not.toMatch(/DecodeError|Failed to fetch/);
      expect(await docHidden()).toBe(true);
      // rows need Range: the advice names the two headers a Range read needs as well
      await rows(url, 0, 10);
      await expect.poll(() => text("status"), WAIT).toContain("Access-Control-Expose-Headers: Content-Range");
      expect(await text("status")).toContain("Access-Control-Allow-Headers: Range");
      await shot("22-cors");
    });

    it("rows from a server without Range (python's http.server): read in order, clamped as numpy slices", async () => {
      demo.log.ranges.length = 0;
      await rows(`${demo.base}py/table.npy`, 250, 400);
      // table[250:400] of 300 rows is rows 250 to 299, labelled with their index in the file
      await expect.poll(() => text("fact-shape"), WAIT).toBe("(50,) (rows 250–300 of (300,))");
      expect(await demo.page.locator(".grid-row-label").first().textContent()).toBe("250");
      expect(await text("status")).toMatch(/^table\.npy: rows read over HTTP/);
      // python's http.server was asked for a range, and answered with the whole file
      expect(demo.log.ranges.some((r) => r.path === "/py/table.npy" && r.range?.startsWith("bytes="))).toBe(
        true,
      );
      await shot("23-rows-without-range");
    });

    it("rows of a 2-D array are labelled with their row in the file", async () => {
      await rows(`${demo.base}samples/image.npy`, 100, 110);
      await expect.poll(() => text("fact-shape"), WAIT).toBe("(10, 240) (rows 100–110 of (160, 240))");
      expect(await demo.page.locator(".grid-row-label").first().textContent()).toBe("100");
    });

    it("rows of an .npz URL say rows are for .npy files and offer to open the archive", async () => {
      await rows(`${demo.base}samples/bundle.npz`, 0, 10);
      await expect.poll(() => text("status"), WAIT).toContain("is an .npz archive");
      expect(await text("status")).toContain("Rows can be read from a single .npy file only");
      expect(await text("status")).not.toContain("50 4b");
      expect(await action().textContent()).toBe("Open the whole archive");
      await action().click();
      await expect.poll(() => demo.page.locator("[data-member]").count(), WAIT).toBe(7);
    });

    it("bytes and descr print as numpy prints them", async () => {
      await open(`${demo.base}generated/bytes.npy`);
      await expect.poll(() => text("doc-name"), WAIT).toBe("bytes.npy");
      expect(await text("fact-descr")).toBe("'|S3'");
      const cells = await demo.page.locator('[data-testid="table"] [data-cell$=",0"]').allTextContents();
      expect(cells.slice(0, 3)).toEqual(["b'\\x00\\xff'", "b'OSL'", "b''"]);

      await demo.page.locator('[data-sample="table.npy"]').click();
      await expect.poll(() => text("doc-name"), WAIT).toBe("table.npy");
      const numpy = spawnSync(
        "python3",
        [
          "-c",
          `import numpy as np; print(repr(np.load(${JSON.stringify(samplePath("table.npy"))}).dtype.descr))`,
        ],
        { encoding: "utf8" },
      );
      expect(numpy.status, numpy.stderr).toBe(0);
      expect(await text("fact-descr")).toBe(numpy.stdout.trim());
    });

    it("an object array (a pickle) shows its values as numpy prints them, read without running it", async () => {
      await demo.page.locator("#file").setInputFiles(fixturePath("npy/object-mixed-p3.npy"));
      await expect.poll(() => text("doc-name"), WAIT).toBe("object-mixed-p3.npy");
      expect(await text("fact-descr")).toBe("'|O'");
      const cells = await demo.page.locator('[data-testid="table"] [data-cell$=",0"]').allTextContents();
      // numpy: ['a' None 3 list([1, 2]) 1.5 True False nan -0.25 1180591620717411303424 (1, 't') {'k': None}]
      // (a tuple reads as a JS array, so element 10 prints as a list)
      expect([...cells.slice(0, 10), cells[11]]).toEqual([
        "'a'",
        "None",
        "3",
        "list([1, 2])",
        "1.5",
        "True",
        "False",
        "nan",
        "-0.25",
        "1180591620717411303424",
        "{'k': None}",
      ]);
    });

    it("a sampled heatmap's colour scale spans every value of the array", async () => {
      await open(`${demo.base}generated/large.npy`);
      await expect.poll(() => text("doc-name"), WAIT).toBe("large.npy");
      const data = parse(largeNpy()).data as Float32Array;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of data) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const labels = await demo.page.getByTestId("scale-labels").locator("span").allTextContents();
      expect([labels[0], labels.at(-1)]).toEqual([formatTick(min), formatTick(max)]);
      expect(await text("scale-note")).toBe(
        "colour scale: the finite values of all 6,000,000 elements; the picture samples them",
      );
    });

    it("a long line plot: x labels never overlap and the trace has no gaps", async () => {
      await open(`${demo.base}generated/noisy.npy`);
      await expect.poll(() => text("doc-name"), WAIT).toBe("noisy.npy");
      const ticks = JSON.parse(
        (await demo.page.getByTestId("line").getAttribute("data-x-ticks")) ?? "[]",
      ) as { label: string; at: number; width: number }[];
      expect(ticks.length).toBeGreaterThan(2);
      for (let k = 1; k < ticks.length; k++) {
        const room = ticks[k]!.at - ticks[k - 1]!.at;
        expect(room, `${ticks[k - 1]!.label} and ${ticks[k]!.label}`).toBeGreaterThan(
          (ticks[k - 1]!.width + ticks[k]!.width) / 2,
        );
      }
      // every pixel column of the plot between the first and the last point holds some of the trace
      const emptyColumns = await demo.page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="line"] canvas')!;
        const { width, height } = canvas;
        const data = canvas.getContext("2d")!.getImageData(0, 0, width, height).data;
        const isTrace = (x: number, y: number) => {
          const p = 4 * (y * width + x);
          return (
            Math.abs(data[p]! - 0x3e) < 40 &&
            Math.abs(data[p + 1]! - 0x49) < 40 &&
            Math.abs(data[p + 2]! - 0x89) < 40
          );
        };
        const columns: number[] = [];
        for (let x = 0; x < width; x++) {
          let found = false;
          for (let y = 0; y < height && !found; y++) found = isTrace(x, y);
          if (found) columns.push(x);
        }
        const first = columns[0]!;
        const last = columns.at(-1)!;
        return { span: last - first, missing: last - first + 1 - columns.length };
      });
      expect(emptyColumns.span).toBeGreaterThan(200);
      expect(emptyColumns.missing).toBe(0);
      await shot("24-noisy-line");
    });
  });

  it("reports no errors on the page", () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
