import {
  type Descr,
  isNpyError,
  type NpyStreamHeader,
  NpzReader,
  parseDescr,
  readHeader,
  reprDescr,
} from "npyio";
import { dtypeWords } from "../dtype-words.js";
import { reprShape, truncation } from "../npy-extent.js";
import { CLI_LIMITS, type Input, notNpy } from "../open-input.js";
import type { Output } from "../output.js";

/** A descr as JSON: the header's `descr` with Python tuples as arrays (`"<f4"`, `[["id", "<i4"]]`). */
export type JsonDescr = string | (string | string[] | JsonDescr | number[])[];

/** numpy's `descr` structure in JSON: strings and nested lists, no Python repr inside a string. */
export function jsonDescr(descr: Descr): JsonDescr {
  if (typeof descr === "string") return descr;
  if (Array.isArray(descr))
    return descr.map(([name, d, shape]) => [
      name,
      jsonDescr(d),
      ...(shape === undefined ? [] : [shape]),
    ]) as JsonDescr;
  return [jsonDescr(descr.base), descr.shape];
}

/** What `npyio info` reports about one array (a .npy file or an .npz member). */
export interface ArrayInfo {
  version: string;
  /** The header's descr: `"<f4"`, or `[["id", "<i4"], ["xy", "<f8", [2]]]` for records. */
  descr: JsonDescr;
  dtype: string;
  shape: number[];
  order: "C" | "F";
  elements: number;
  dataBytes: number;
  headerBytes: number;
}

/** The facts `info` prints about an array from its parsed header. */
export function arrayInfo(header: NpyStreamHeader): ArrayInfo {
  const elements = header.shape.reduce((a, b) => a * b, 1);
  return {
    version: header.version,
    descr: jsonDescr(header.descr),
    dtype: dtypeWords(header.dtype),
    shape: header.shape,
    order: header.fortranOrder ? "F" : "C",
    elements,
    dataBytes: elements * header.dtype.itemsize,
    headerBytes: header.dataOffset,
  };
}

/** Aligned `key  value` lines. */
export function keyValues(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

function arrayRows(info: ArrayInfo, descr: Descr): [string, string][] {
  return [
    ["format", `npy ${info.version}`],
    ["descr", reprDescr(descr)],
    ["dtype", info.dtype],
    ["shape", reprShape(info.shape)],
    ["order", info.order === "F" ? "F (column-major)" : "C (row-major)"],
    ["elements", String(info.elements)],
    ["data bytes", String(info.dataBytes)],
    ["header bytes", String(info.headerBytes)],
  ];
}

/** `npyio info FILE`: the header of a .npy file, or every member of an .npz archive. */
export async function info(input: Input, options: { json?: boolean }, out: Output): Promise<void> {
  if (input.format === "npz") return npzInfo(input, options, out);
  if (input.format !== "npy") throw notNpy(input);
  const header = await readHeader(input.source, CLI_LIMITS);
  const facts = arrayInfo(header);
  const cut = truncation(header, input.source.size);
  if (options.json) {
    const json = { file: input.name, format: "npy", ...facts, fileBytes: input.source.size };
    out.line(JSON.stringify({ ...json, ...(cut ? { truncated: true } : {}) }, null, 2));
  } else {
    out.line(keyValues([["file", input.name], ...arrayRows(facts, header.descr)]));
  }
  // the header is readable, the data is not all there: say so, and exit 1
  if (cut) throw cut;
}

const METHODS: Readonly<Record<number, string>> = { 0: "stored", 8: "deflate" };

/** One row per member: name, method, sizes, and its array's descr and shape. */
async function npzInfo(input: Input, options: { json?: boolean }, out: Output): Promise<void> {
  const npz = await NpzReader.open(input.source, CLI_LIMITS);
  const members = [];
  for (const entry of npz.entries()) {
    const facts = {
      name: entry.name,
      key: entry.key,
      method: METHODS[entry.method] ?? `method ${entry.method}`,
      compressedBytes: entry.compressedSize,
      bytes: entry.size,
    };
    try {
      const header = await npz.header(entry.name);
      members.push({
        ...facts,
        ...arrayInfo({ ...header, dtype: parseDescr(header.descr, { longDouble: "float64" }) }),
        descrRepr: reprDescr(header.descr),
      });
    } catch (err) {
      // numpy's np.load hands back such members as raw bytes; say so rather than fail
      if (!isNpyError(err, "BAD_MAGIC")) throw err;
      members.push({ ...facts, npy: false as const });
    }
  }
  if (options.json) {
    const plain = members.map((m) => {
      if (!("descrRepr" in m)) return m;
      const { descrRepr: _, ...rest } = m;
      return rest;
    });
    out.line(
      JSON.stringify(
        { file: input.name, format: "npz", fileBytes: input.source.size, members: plain },
        null,
        2,
      ),
    );
    return;
  }
  out.line(
    `${input.name}: npz archive, ${members.length} member${members.length === 1 ? "" : "s"}, ${input.source.size} bytes`,
  );
  if (members.length === 0) return;
  const rows = [
    ["member", "method", "compressed", "size", "descr", "dtype", "shape", "order"],
    ...members.map((m) => [
      m.name,
      m.method,
      String(m.compressedBytes),
      String(m.bytes),
      ...("npy" in m
        ? ["-", "(not a .npy file)", "", ""]
        : [m.descrRepr, m.dtype, reprShape(m.shape), m.order]),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows)
    out.line(
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    );
}
