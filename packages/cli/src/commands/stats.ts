import {
  type DType,
  isNpyError,
  type NpyData,
  NpyDecoderStream,
  NpyError,
  type NpyRecord,
  NpzReader,
  parseDescr,
  reprDescr,
  sourceReadable,
} from "npyio";
import { formatFloatScalar } from "npyio/repr";
import { CLI_LIMITS, type Input, notNpy } from "../open-input.js";
import type { Output } from "../output.js";
import { type Stats, StatsAccumulator } from "../stats-accumulator.js";
import { streamChunks } from "../stream-chunks.js";

/** Options of `npyio stats`. */
export interface StatsOptions {
  json?: boolean;
  /** npz: only these members. */
  member?: string[];
}

type Numbers = ArrayLike<number> | ArrayLike<bigint>;

// the real and imaginary columns of a complex field `z` are `z.real` and `z.imag`, of a plain array `real` and `imag`
const partName = (name: string, part: string) => (name === "" ? part : `${name}.${part}`);

/** The numeric columns of a chunk: the array itself, complex parts, or struct fields by path. */
function numericColumns(dtype: DType, data: NpyData, name: string): { name: string; values: Numbers }[] {
  switch (dtype.kind) {
    case "struct": {
      const record = data as NpyRecord;
      return dtype.fields.flatMap((f) =>
        numericColumns(f.dtype, record[f.name]!, name === "" ? f.name : `${name}.${f.name}`),
      );
    }
    case "subarray":
      return numericColumns(dtype.base, data, name);
    case "b":
    case "i":
    case "u":
    case "f":
      return [{ name, values: data as Numbers }];
    case "c": {
      const both = data as ArrayLike<number>;
      const part = (k: number) => Float64Array.from({ length: both.length / 2 }, (_, i) => both[2 * i + k]!);
      return [
        { name: partName(name, "real"), values: part(0) },
        { name: partName(name, "imag"), values: part(1) },
      ];
    }
    default:
      return [];
  }
}

/** A numeric column: its name, and whether its values are integers (bool, int, uint). */
interface Column {
  name: string;
  integer: boolean;
}

/** The numeric columns of a dtype, in the order {@link numericColumns} yields them. */
function columnsOf(dtype: DType, name: string): Column[] {
  switch (dtype.kind) {
    case "struct":
      return dtype.fields.flatMap((f) => columnsOf(f.dtype, name === "" ? f.name : `${name}.${f.name}`));
    case "subarray":
      return columnsOf(dtype.base, name);
    case "b":
    case "i":
    case "u":
      return [{ name, integer: true }];
    case "f":
      return [{ name, integer: false }];
    case "c":
      return [
        { name: partName(name, "real"), integer: false },
        { name: partName(name, "imag"), integer: false },
      ];
    default:
      return [];
  }
}

/** A column's statistics and whether min and max are integers. */
interface ColumnStats extends Stats {
  integer: boolean;
}

/** Streams an array's bytes through the decoder, feeding one accumulator per numeric column. */
async function accumulate(stream: ReadableStream<Uint8Array>): Promise<Map<string, ColumnStats>> {
  const decoder = new NpyDecoderStream(CLI_LIMITS);
  const columns = new Map<string, StatsAccumulator>();
  const integer = new Map<string, boolean>();
  const start = (dtype: DType) => {
    const found = columnsOf(dtype, "");
    if (found.length === 0) {
      throw new NpyError(
        "INVALID_ARGUMENT",
        `stats needs numbers; dtype ${reprDescr(dtype.descr)} has no numeric column (try npyio head)`,
      );
    }
    for (const c of found) {
      columns.set(c.name, new StatsAccumulator());
      integer.set(c.name, c.integer);
    }
  };
  for await (const chunk of streamChunks(stream.pipeThrough(decoder))) {
    if (columns.size === 0) start(chunk.header.dtype);
    for (const { name, values } of numericColumns(chunk.header.dtype, chunk.data, ""))
      columns.get(name)!.add(values);
  }
  // an empty array has no chunks: its columns come from the header
  if (columns.size === 0) start((await decoder.header).dtype);
  return new Map([...columns].map(([name, acc]) => [name, { ...acc.result(), integer: integer.get(name)! }]));
}

function numberText(x: number | bigint | undefined): string {
  if (x === undefined) return "-";
  return typeof x === "bigint" ? x.toString() : formatFloatScalar(x, 64);
}

// numpy's min and max of an integer array are integers: -2400, not -2400.0
const extremeText = (s: ColumnStats, x: number | bigint | undefined) =>
  s.integer && x !== undefined ? String(x) : numberText(x);

const ROWS: [string, (s: ColumnStats) => string][] = [
  ["count", (s) => String(s.count)],
  ["min", (s) => extremeText(s, s.min)],
  ["max", (s) => extremeText(s, s.max)],
  ["mean", (s) => numberText(s.mean)],
  ["std", (s) => numberText(s.std)],
  ["nan", (s) => String(s.nan)],
  ["+inf", (s) => String(s.posInf)],
  ["-inf", (s) => String(s.negInf)],
];

/** Statistics as a table: one row per statistic, one column per numeric column (pandas' describe). */
function table(stats: Map<string, ColumnStats>): string {
  const names = [...stats.keys()];
  const header = names.length === 1 && names[0] === "" ? undefined : ["", ...names];
  const rows = ROWS.map(([label, get]) => [label, ...names.map((n) => get(stats.get(n)!))]);
  const all = header ? [header, ...rows] : rows;
  const widths = all[0]!.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "),
    )
    .join("\n");
}

function jsonValue(x: number | bigint | undefined): number | string | null {
  if (x === undefined) return null;
  if (typeof x === "bigint") return Number.isSafeInteger(Number(x)) ? Number(x) : x.toString();
  return Number.isFinite(x) ? x : String(x);
}

function statsJson(stats: Map<string, ColumnStats>): Record<string, Record<string, number | string | null>> {
  return Object.fromEntries(
    [...stats].map(([name, s]) => [
      name === "" ? "value" : name,
      {
        count: s.count,
        min: jsonValue(s.min),
        max: jsonValue(s.max),
        mean: jsonValue(s.mean),
        std: jsonValue(s.std),
        nan: s.nan,
        posInf: s.posInf,
        negInf: s.negInf,
      },
    ]),
  );
}

/** Why an archive member has no statistics (not a .npy file, no numeric column), or undefined. */
async function notNumeric(npz: NpzReader, name: string): Promise<string | undefined> {
  try {
    const header = await npz.header(name);
    if (columnsOf(parseDescr(header.descr, { longDouble: "float64" }), "").length > 0) return undefined;
    return `dtype ${reprDescr(header.descr)} has no numeric column`;
  } catch (err) {
    if (isNpyError(err, "BAD_MAGIC")) return "not a .npy file";
    if (isNpyError(err, "OBJECT_DTYPE", "UNSUPPORTED_DTYPE")) return `${err.code}: ${err.message}`;
    throw err;
  }
}

/**
 * `npyio stats FILE`: count, min, max, mean, std and NaN/inf counts, streaming in constant memory.
 * min/max/mean/std skip NaN and infinities (numpy's nan* functions, ddof 0).
 */
export async function stats(input: Input, options: StatsOptions, out: Output): Promise<void> {
  const results: [string | undefined, Map<string, ColumnStats>][] = [];
  if (input.format === "npy") {
    results.push([undefined, await accumulate(sourceReadable(input.source))]);
  } else if (input.format === "npz") {
    const npz = await NpzReader.open(input.source, CLI_LIMITS);
    for (const name of options.member ?? npz.names()) {
      // members asked for by name must be numeric; of all members, the others are named and skipped
      const why = options.member === undefined ? await notNumeric(npz, name) : undefined;
      if (why === undefined) results.push([name, await accumulate(npz.stream(name))]);
      else out.note?.(`stats skipped member ${JSON.stringify(name)}: ${why}`);
    }
  } else throw notNpy(input);
  if (options.json) {
    const json =
      input.format === "npy"
        ? statsJson(results[0]![1])
        : Object.fromEntries(results.map(([name, s]) => [name, statsJson(s)]));
    out.line(JSON.stringify(json, null, 2));
    return;
  }
  out.line(
    results.map(([name, s]) => (name === undefined ? table(s) : `${name}:\n${table(s)}`)).join("\n\n"),
  );
}
