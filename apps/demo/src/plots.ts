import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatFloat } from "./format.js";
import type { LineOverview, Stats } from "./protocol.js";

/** A uPlot line of the worker's overview of a 1-D array. */
export function linePlot(host: HTMLElement, line: LineOverview): uPlot {
  const ys = Array.from(line.y, (y) => (Number.isFinite(y) ? y : null));
  return plot(host, [Array.from(line.x), ys], {
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
        {
          values: (_u, ticks) => ticks.map(formatFloat),
          // wide enough for the longest tick label
          size: (_u, values) => 18 + 7 * Math.max(4, ...(values ?? []).map((v) => v.length)),
        },
      ],
      legend: { show: true },
      ...options,
    },
    data,
    host,
  );
}
