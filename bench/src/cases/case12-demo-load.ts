import type { Page } from "playwright-core";
import { chromiumPath, type Demo, startDemo } from "../../../apps/demo/test/browser.js";
import { type BenchCase, fmtMs, timeRatioVerdict, type Verdict } from "../bench-case.js";
import { missingTask } from "../bench-task.js";

const open = "demo: Open URL of a 200 MB float32 .npy until it is shown";
const fetchOnly = "limit: the page's own fetch(url).arrayBuffer() of the same file";
const ROWS = 5000;

/**
 * Case 12: the demo in Chromium opening a 200 MB float32 array (5000 × 10000 of noise, at scale 1)
 * by URL, from the click to the page showing it (decoded in the worker, stats over every value,
 * heatmap and table drawn), against the page fetching the same bytes and doing nothing with them.
 */
export const case12: BenchCase = {
  id: 12,
  title: "Demo: a 200 MB `.npy` opened by URL in Chromium",
  numpy: false,
  memoryTasks: [],
  async run({ manifest, api }) {
    const save = api.get<(a: { data: Float32Array; shape: number[] }) => Uint8Array>("save", ["npyio"]);
    if (!chromiumPath || !save) {
      const why = chromiumPath ? api.missing("save", ["npyio"]) : "no Chromium (apt-get install chromium)";
      return { tasks: [missingTask(open, why), missingTask(fetchOnly, why)] };
    }
    const cols = Math.max(1, Math.round(10_000 * manifest.params.scale));
    let file: Uint8Array | undefined;
    const big = () => {
      if (!file) {
        const data = new Float32Array(ROWS * cols);
        let state = 1;
        for (let k = 0; k < data.length; k++) {
          state = (Math.imul(state, 1103515245) + 12345) >>> 0;
          data[k] = Math.sin(k / 7919) * 3 + (state / 2 ** 32 - 0.5) * 4;
        }
        file = save({ data, shape: [ROWS, cols] });
      }
      return file;
    };
    const demo: Demo = await startDemo({ "/generated/bench-big.npy": big });
    const url = `${demo.base}generated/bench-big.npy`;
    const { page } = demo;
    await page.goto(demo.base);
    await page.locator("#url").fill(url);
    return {
      tasks: [
        {
          name: open,
          fn: () => openOnce(page),
          check: (status) =>
            typeof status === "string" && status.startsWith("bench-big.npy: decoded")
              ? undefined
              : `the page said ${JSON.stringify(status)}`,
          bytes: big().length,
        },
        {
          name: fetchOnly,
          fn: () => page.evaluate(async (u) => (await (await fetch(u)).arrayBuffer()).byteLength, url),
          check: (n) => (n === big().length ? undefined : `fetched ${String(n)} bytes`),
          bytes: big().length,
        },
      ],
      teardown: () => demo.close(),
    };
  },
  evaluate(m): Verdict[] {
    const verdict = timeRatioVerdict(
      m,
      "demo open (decode, stats, heatmap, table) ÷ the page's fetch of the same bytes",
      "report",
      open,
      fetchOnly,
      {},
    );
    const t = m[open];
    if (t?.kind === "time") verdict.detail = `${verdict.detail}; ${fmtMs(t.medianMs)} from click to shown`;
    return [verdict];
  },
};

/** Clicks Open URL and waits until the status line says the array was decoded; returns that line. */
async function openOnce(page: Page): Promise<string> {
  await page.getByTestId("status").evaluate((el) => {
    el.textContent = "";
  });
  await page.getByRole("button", { name: "Open URL" }).click();
  const status = page.getByTestId("status");
  await status.filter({ hasText: /decoded|[A-Z_]+:/ }).waitFor({ timeout: 120_000 });
  return (await status.textContent()) ?? "";
}
