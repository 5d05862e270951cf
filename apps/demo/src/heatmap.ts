import { colormapTable } from "./colormap.js";
import { formatTick } from "./format.js";

const MAX_SIDE = 1024;
const BOX_WIDTH = 720;
const BOX_HEIGHT = 520;
const NAN_RGB = [200, 60, 60];

export interface HeatmapInput {
  rows: number;
  cols: number;
  /** The value at row i, column j (NaN for missing). */
  value(i: number, j: number): number;
}

/** Whether a heatmap of `rows` × `cols` draws every element (else it samples). */
export function drawsEveryElement(rows: number, cols: number): boolean {
  return rows <= MAX_SIDE && cols <= MAX_SIDE;
}

/**
 * Draws a 2-D slice on `canvas` with a colormap, one pixel per element up to 1024 per side (larger
 * slices are sampled), and the value scale on `scale` with its labels. The scale spans `range` (the
 * finite values of the whole slice) when given, else the finite values drawn. Returns the range used.
 */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  scale: HTMLCanvasElement,
  labels: HTMLElement,
  input: HeatmapInput,
  colormap: string,
  range?: { min: number; max: number },
): { min: number; max: number } {
  const w = Math.max(1, Math.min(input.cols, MAX_SIDE));
  const h = Math.max(1, Math.min(input.rows, MAX_SIDE));
  const sampled = new Float64Array(w * h);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let y = 0; y < h; y++) {
    const i = Math.floor((y * input.rows) / h);
    for (let x = 0; x < w; x++) {
      const v = input.value(i, Math.floor((x * input.cols) / w));
      sampled[y * w + x] = v;
      if (Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  if (range) ({ min, max } = range);
  if (!(min <= max)) {
    min = 0;
    max = 1;
  }
  const table = colormapTable(colormap);
  const image = new ImageData(w, h);
  const span = max > min ? 255 / (max - min) : 0;
  for (let p = 0; p < w * h; p++) {
    const v = sampled[p]!;
    const rgb = Number.isNaN(v) ? NAN_RGB : undefined;
    const k = 3 * Math.max(0, Math.min(255, Math.round((v - min) * span)));
    image.data[4 * p] = rgb ? rgb[0]! : table[k]!;
    image.data[4 * p + 1] = rgb ? rgb[1]! : table[k + 1]!;
    image.data[4 * p + 2] = rgb ? rgb[2]! : table[k + 2]!;
    image.data[4 * p + 3] = 255;
  }
  canvas.width = w;
  canvas.height = h;
  // fit a 720 × 520 box; very long or very thin slices stay viewable (aspect ratio within 1:4 and 4:1)
  const aspect = Math.max(0.25, Math.min(4, input.cols / input.rows));
  canvas.style.width = `${Math.round(Math.min(BOX_WIDTH, BOX_HEIGHT * aspect))}px`;
  canvas.style.aspectRatio = String(aspect);
  canvas.getContext("2d")!.putImageData(image, 0, 0);
  drawScale(scale, labels, table, min, max);
  return { min, max };
}

function drawScale(
  scale: HTMLCanvasElement,
  labels: HTMLElement,
  table: Uint8Array,
  min: number,
  max: number,
) {
  scale.width = 256;
  scale.height = 1;
  const bar = new ImageData(256, 1);
  for (let i = 0; i < 256; i++) {
    bar.data.set([table[3 * i]!, table[3 * i + 1]!, table[3 * i + 2]!, 255], 4 * i);
  }
  scale.getContext("2d")!.putImageData(bar, 0, 0);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => formatTick(min + t * (max - min)));
  labels.replaceChildren(
    ...ticks.map((t) => {
      const span = document.createElement("span");
      span.textContent = t;
      return span;
    }),
  );
}
