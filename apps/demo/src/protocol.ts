import type { Descr, DType, NpyData } from "npyio";

/**
 * Messages between the page and the decoding worker. Everything here survives structured clone:
 * the worker sends plain header facts and the decoded data (typed arrays are transferred, not copied).
 */

/** Where the bytes come from. */
export type OpenSource =
  | { kind: "file"; file: File }
  | { kind: "url"; url: string }
  | { kind: "rows"; url: string; start: number; end: number };

/** Something a visitor can do about a failed open, offered as a button: open `source` instead. */
export interface ErrorAction {
  label: string;
  source: OpenSource;
}

export type Request = { type: "open"; id: number; source: OpenSource } | { type: "cancel"; id: number };

/** One array: an .npy file, an .npz member, or a range of rows. */
export interface Entry {
  name: string;
  version: string;
  /** The header's descr as parsed (a string, or field tuples as arrays). */
  descr: Descr;
  shape: number[];
  fortranOrder: boolean;
  /** The library's parsed dtype (plain data). */
  dtype: DType;
  /** Bytes before the data (magic, version, header), when the header was read from the file. */
  dataOffset: number | undefined;
  /** The decoded values in file element order, as the library returns them. */
  data: NpyData;
  stats: Stats | undefined;
  /** For a 1-D numeric array: the points of its line plot. */
  line: LineOverview | undefined;
  /** For a range read: the first row's index in the remote array, and that array's full shape. */
  rows?: { start: number; end: number; fullShape: number[] };
}

/** Summary of a numeric array, computed in the worker over every element. */
export interface Stats {
  /** The smallest and largest finite elements. */
  min: number;
  max: number;
  /** Elements that are NaN (floats) and left out of min, max and the histogram. */
  nan: number;
  /** Elements that are ±inf, left out likewise. */
  inf: number;
  /** Histogram counts over [min, max] in equal bins. */
  bins: number[];
}

/**
 * A line plot's points: every element (`lo` and `hi` the same array) when there are at most 4000,
 * else the minimum and the maximum of each of 4000 equal runs starting at `x`, drawn as a band
 * between the two, so every spike stays visible and the trace has no gaps.
 */
export interface LineOverview {
  x: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
}

export interface Opened {
  name: string;
  kind: "npy" | "npz" | "rows";
  /** Size in bytes of the file or archive, when known. */
  size: number | undefined;
  entries: Entry[];
  /** Milliseconds from request to decoded, measured in the worker. */
  millis: number;
}

export type Reply =
  | { type: "progress"; id: number; loaded: number; total: number | undefined }
  | { type: "opened"; id: number; result: Opened }
  | { type: "error"; id: number; code?: string | undefined; message: string; action?: ErrorAction }
  | { type: "cancelled"; id: number };
