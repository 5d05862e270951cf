/**
 * The progress bar's rules, on a recording terminal and a clock the test moves by hand (no real
 * time involved): nothing before half a second, human units, one row, erased completely.
 */
import { bytesSource } from "npyio";
import { describe, expect, it } from "vitest";
import { humanBytes, humanDuration, PROGRESS_DELAY_MS, ProgressBar } from "../src/progress-bar.js";

function setup(options: { isTTY?: boolean; columns?: number; enabled?: boolean; immediate?: boolean } = {}) {
  const writes: string[] = [];
  let now = 0;
  const term = {
    isTTY: options.isTTY ?? true,
    columns: options.columns ?? 100,
    write: (t: string) => writes.push(t),
  };
  const bar = new ProgressBar(term, {
    now: () => now,
    ...(options.enabled === undefined ? {} : { enabled: options.enabled }),
    ...(options.immediate === undefined ? {} : { immediate: options.immediate }),
  });
  const file = bytesSource(new Uint8Array(50_000_000));
  const source = bar.track(file, "stats big.npy", 50_000_000);
  return {
    bar,
    writes,
    source,
    at: (ms: number) => {
      now = ms;
    },
  };
}

describe("ProgressBar", () => {
  it("draws nothing during the first half second", async () => {
    const { bar, writes, source, at } = setup();
    at(PROGRESS_DELAY_MS - 1);
    await source.read(0, 10_000_000);
    expect(writes).toEqual([]);
    bar.stop();
    expect(writes).toEqual([]);
  });

  it("then shows the file, a bar, the share, MB, MB/s and the time left on one row", async () => {
    const { bar, writes, source, at } = setup();
    at(1000);
    await source.read(0, 10_000_000);
    expect(writes).toEqual([
      "\r\x1b[Kstats big.npy  [####----------------]  20%  10 MB / 50 MB  10 MB/s  ETA 0:04",
    ]);
    expect(bar.drawn).toBe(true);
    bar.stop();
    // erased: back to the row's start, the row cleared
    expect(writes.at(-1)).toBe("\r\x1b[K");
    expect(bar.drawn).toBe(false);
  });

  it("clear erases it for output; it comes back on the next read", async () => {
    const { bar, writes, source, at } = setup();
    at(1000);
    await source.read(0, 1_000_000);
    bar.clear();
    expect(writes.at(-1)).toBe("\r\x1b[K");
    at(2000);
    await source.read(1_000_000, 1_000_000);
    expect(writes.at(-1)).toMatch(/^\r\x1b\[Kstats big\.npy {2}\[/);
    bar.stop();
  });

  it("never wraps: the row is cut one column short of the terminal's width", async () => {
    const { bar, writes, source, at } = setup({ columns: 30 });
    at(1000);
    await source.read(0, 1_000_000);
    expect(writes[0]!.slice("\r\x1b[K".length)).toHaveLength(29);
    bar.stop();
  });

  it("stays off when stderr is not a terminal, and with --quiet", async () => {
    for (const options of [{ isTTY: false }, { enabled: false }]) {
      const { bar, writes, source, at } = setup(options);
      at(5000);
      await source.read(0, 1_000_000);
      bar.stop();
      expect(writes).toEqual([]);
    }
  });

  it("immediate draws from the start (NPYIO_PROGRESS=always)", () => {
    const { bar, writes } = setup({ immediate: true });
    expect(writes).toEqual(["\r\x1b[Kstats big.npy  [--------------------]  0%  0 B / 50 MB"]);
    bar.stop();
  });
});

describe("human units", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1000, "1.0 kB"],
    [67_108_992, "67 MB"],
    [1_500_000_000, "1.5 GB"],
  ])("%d bytes → %s", (n, text) => {
    expect(humanBytes(n)).toBe(text);
  });

  it.each([
    [0, "0:00"],
    [75, "1:15"],
    [3725, "1:02:05"],
  ])("%d s → %s", (s, text) => {
    expect(humanDuration(s)).toBe(text);
  });
});
