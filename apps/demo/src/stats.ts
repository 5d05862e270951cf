import type { LineOverview, Stats } from "./protocol.js";

const BINS = 64;

type NumericData = ArrayLike<number> | BigInt64Array | BigUint64Array;

/** The numeric view of data of numpy kind `kind`, or undefined for strings, records, complex, datetimes. */
export function numericData(kind: string, data: unknown): NumericData | undefined {
  if (!"biuf".includes(kind) || kind.length !== 1 || !ArrayBuffer.isView(data) || data instanceof DataView) {
    return undefined;
  }
  // f2 falls back to raw bits (Uint16Array) where neither Float16Array nor a float copy is available
  if (kind === "f" && data instanceof Uint16Array) return undefined;
  return data as unknown as NumericData;
}

/**
 * Min, max and a histogram over every finite element (NaN and ±inf counted apart and left out), or
 * undefined when not numeric.
 */
export function computeStats(kind: string, data: unknown): Stats | undefined {
  const values = numericData(kind, data);
  if (values === undefined || values.length === 0) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (Number.isNaN(v)) nan++;
    else if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) inf++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const bins = new Array<number>(BINS).fill(0);
  if (nan + inf === values.length) return { min: Number.NaN, max: Number.NaN, nan, inf, bins };
  const scale = max > min ? BINS / (max - min) : 0;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (Number.isFinite(v)) bins[Math.min(BINS - 1, Math.floor((v - min) * scale))]!++;
  }
  return { min, max, nan, inf, bins };
}

const MAX_POINTS = 4000;

/** The points that plot a 1-D numeric array (x = first + index), or undefined when not numeric. */
export function lineOverview(kind: string, data: unknown, first: number): LineOverview | undefined {
  const values = numericData(kind, data);
  if (values === undefined) return undefined;
  const n = values.length;
  if (n <= MAX_POINTS) {
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      x[k] = first + k;
      y[k] = Number(values[k]);
    }
    return { x, lo: y, hi: y };
  }
  const x = new Float64Array(MAX_POINTS);
  const lo = new Float64Array(MAX_POINTS);
  const hi = new Float64Array(MAX_POINTS);
  for (let r = 0; r < MAX_POINTS; r++) {
    const from = Math.floor((r * n) / MAX_POINTS);
    const to = Math.floor(((r + 1) * n) / MAX_POINTS);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = from; k < to; k++) {
      const v = Number(values[k]);
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    x[r] = first + from;
    // a run without a finite value has no extent: a gap in the plot, as matplotlib leaves for NaN
    lo[r] = min <= max ? min : Number.NaN;
    hi[r] = min <= max ? max : Number.NaN;
  }
  return { x, lo, hi };
}
