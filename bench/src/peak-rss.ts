/** Peak resident set size of one operation, above the process's RSS just before it. */
export interface PeakRss {
  peakRssDelta: number;
  baselineRss: number;
  sampledPeakDelta: number;
}

declare const gc: (() => void) | undefined;

/**
 * Runs `fn` once and reports its peak RSS (not heap: typed arrays live outside the V8 heap) above
 * the baseline taken after a full GC. Two sources: `memoryUsage.rss()` sampled every 2 ms (sees
 * async work between chunks), and the kernel's high-water mark `resourceUsage().maxRSS` (sees sync
 * work too, but only when it exceeds the process's earlier peak).
 */
export async function peakRss(fn: () => unknown): Promise<PeakRss> {
  if (typeof gc === "function") {
    gc();
    gc();
  }
  await new Promise((r) => setTimeout(r, 20));
  const baseline = process.memoryUsage.rss();
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let sampled = baseline;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 2);
  try {
    const result = await fn();
    sampled = Math.max(sampled, process.memoryUsage.rss());
    void result;
  } finally {
    clearInterval(timer);
  }
  const maxAfter = process.resourceUsage().maxRSS * 1024;
  const kernel = maxAfter > maxBefore ? maxAfter : 0;
  return {
    peakRssDelta: Math.max(sampled, kernel) - baseline,
    baselineRss: baseline,
    sampledPeakDelta: sampled - baseline,
  };
}
