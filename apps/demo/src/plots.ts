import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatFloat } from "./format.js";
import type { Stats } from "./protocol.js";

const MAX_POINTS = 4000;

/**
 * A uPlot line of `count` values (x = first + index). Long series are reduced to the min and max of
 * each of 2000 buckets, which keeps every spike visible.
 */
export function linePlot(
  host: HTMLElement,
  count: number,
  first: number,
  value: (k: number) => number,
): uPlot {
  const xs: number[] = [];
  const ys: number[] = [];
  if (count <= MAX_POINTS) {
    for (let k = 0; k < count; k++) {
      xs.push(first + k);
      ys.push(value(k));
    }
  } else {
    const buckets = MAX_POINTS / 2;
    for (let b = 0; b < buckets; b++) {
      const from = Math.floor((b * count) / buckets);
      const to = Math.floor(((b + 1) * count) / buckets);
      let lo = from;
      let hi = from;
      for (let k = from; k < to; k++) {
        if (value(k) < value(lo)) lo = k;
        if (value(k) > value(hi)) hi = k;
      }
      for (const k of lo <= hi ? [lo, hi] : [hi, lo]) {
        xs.push(first + k);
        ys.push(value(k));
      }
    }
  }
  return plot(host, [xs, ys.map((y) => (Number.isFinite(y) ? y : null))], {
    series: [{ label: "index" }, { label: "value", stroke: "#3e4989", width: 1 }],
  });
}

/** The worker's histogram as uPlot bars, x = the lower edge of each bin. */
export function histogramPlot(host: HTMLElement, stats: Stats): uPlot {
  const n = stats.bins.length;
  const width = stats.max > stats.min ? (stats.max - stats.min) / n : 1;
  const xs = stats.bins.map((_, k) => stats.min + (k + 0.5) * width);
  return plot(host, [xs, stats.bins], {
    scales: { x: { time: false, range: [stats.min, stats.max + (stats.max > stats.min ? 0 : 1)] } },
    series: [
      { label: "value", value: (_u, v) => (v == null ? "" : formatFloat(v)) },
      {
        label: "count",
        fill: "rgba(31, 158, 137, 0.6)",
        stroke: "#1f9e89",
        paths: uPlot.paths.bars!({ size: [1, Number.POSITIVE_INFINITY], gap: 1 }),
        points: { show: false },
      },
    ],
  });
}

function plot(
  host: HTMLElement,
  data: uPlot.AlignedData,
  options: Pick<uPlot.Options, "series"> & Partial<Pick<uPlot.Options, "scales">>,
): uPlot {
  host.replaceChildren();
  return new uPlot(
    {
      width: Math.max(300, host.clientWidth),
      height: 240,
      scales: { x: { time: false } },
      axes: [
        { values: (_u, ticks) => ticks.map(formatFloat) },
        { values: (_u, ticks) => ticks.map(formatFloat), size: 64 },
      ],
      legend: { show: true },
      ...options,
    },
    data,
    host,
  );
}
