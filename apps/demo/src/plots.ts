import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatTick } from "./format.js";
import type { LineOverview, Stats } from "./protocol.js";

const TRACE = "#3e4989";
/** The axis font, set explicitly so label widths can be known before they are drawn. */
const AXIS_FONT = "12px sans-serif";

/**
 * A uPlot line of the worker's overview of a 1-D array: the values themselves, or for a long array
 * the band between each run's minimum and maximum, filled so the trace has no gaps.
 */
export function linePlot(host: HTMLElement, line: LineOverview): uPlot {
  const finite = (a: Float64Array) => Array.from(a, (y) => (Number.isFinite(y) ? y : null));
  if (line.lo === line.hi) {
    return plot(host, [Array.from(line.x), finite(line.lo)], {
      series: [{ label: "index" }, { label: "value", stroke: TRACE, width: 1 }],
    });
  }
  return plot(host, [Array.from(line.x), finite(line.lo), finite(line.hi)], {
    series: [
      { label: "index" },
      { label: "min", stroke: TRACE, width: 1 },
      { label: "max", stroke: TRACE, width: 1 },
    ],
    bands: [{ series: [2, 1], fill: TRACE }],
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
      { label: "value", value: (_u, v) => (v == null ? "" : formatTick(v)) },
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
  options: Pick<uPlot.Options, "series"> & Partial<Pick<uPlot.Options, "scales" | "bands">>,
): uPlot {
  host.replaceChildren();
  const measure = document.createElement("canvas").getContext("2d")!;
  measure.font = AXIS_FONT;
  const textWidth = (text: string) => measure.measureText(text).width;
  return new uPlot(
    {
      width: Math.max(300, host.clientWidth),
      height: 240,
      scales: { x: { time: false } },
      axes: [
        {
          font: AXIS_FONT,
          // ticks at least as far apart as the widest label of the range, plus a gap
          space: (_u, _axis, min, max) =>
            16 + Math.max(textWidth(formatTick(min)), textWidth(formatTick(max))),
          values: (u, ticks) => {
            const labels = ticks.map(formatTick);
            // where each label sits, for the page's tests: positions in CSS pixels along the plot
            host.dataset.xTicks = JSON.stringify(
              labels.map((label, k) => ({ label, at: u.valToPos(ticks[k]!, "x"), width: textWidth(label) })),
            );
            return labels;
          },
        },
        {
          font: AXIS_FONT,
          values: (_u, ticks) => ticks.map(formatTick),
          // wide enough for the longest tick label
          size: (_u, values) => 18 + Math.max(28, ...(values ?? []).map(textWidth)),
        },
      ],
      legend: { show: true },
      ...options,
    },
    data,
    host,
  );
}
