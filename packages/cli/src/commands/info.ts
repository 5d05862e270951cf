import { isNpyError, type NpyStreamHeader, NpzReader, parseDescr, readHeader, reprDescr } from "npyio";
import { dtypeWords } from "../dtype-words.js";
import { CLI_LIMITS, type Input, notNpy } from "../open-input.js";
import type { Output } from "../output.js";

/** What `npyio info` reports about one array (a .npy file or an .npz member). */
export interface ArrayInfo {
  version: string;
  descr: string;
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
    descr: reprDescr(header.descr),
    dtype: dtypeWords(header.dtype),
    shape: header.shape,
    order: header.fortranOrder ? "F" : "C",
    elements,
    dataBytes: elements * header.dtype.itemsize,
    headerBytes: header.dataOffset,
  };
}

/** numpy's repr of a shape tuple: `()`, `(3,)`, `(2, 3)`. */
export function shapeText(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

/** Aligned `key  value` lines. */
export function keyValues(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

function arrayRows(info: ArrayInfo): [string, string][] {
  return [
    ["format", `npy ${info.version}`],
    ["descr", info.descr],
    ["dtype", info.dtype],
    ["shape", shapeText(info.shape)],
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
  if (options.json) {
    out.line(
      JSON.stringify({ file: input.name, format: "npy", ...facts, fileBytes: input.source.size }, null, 2),
    );
    return;
  }
  out.line(keyValues([["file", input.name], ...arrayRows(facts)]));
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
      });
    } catch (err) {
      // numpy's np.load hands back such members as raw bytes; say so rather than fail
      if (!isNpyError(err, "BAD_MAGIC")) throw err;
      members.push({ ...facts, npy: false as const });
    }
  }
  if (options.json) {
    out.line(
      JSON.stringify({ file: input.name, format: "npz", fileBytes: input.source.size, members }, null, 2),
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
      ...("npy" in m ? ["-", "(not a .npy file)", "", ""] : [m.descr, m.dtype, shapeText(m.shape), m.order]),
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
