import { basename, extname } from "node:path";
import {
  checkDataExtent,
  type NpyArray,
  NpyError,
  NpzReader,
  NpzWriter,
  parseDescr,
  readHeader,
  readNpy,
  save,
  saveNpz,
  sourceReadable,
} from "npyio";
import { fileWritable, nodeCodec, writeFile } from "npyio/node";
import { castArray, descrOf, withByteOrder } from "../cast-array.js";
import { fromCsv, toCsv } from "../csv-table.js";
import { toJson } from "../json-array.js";
import { npyExtent } from "../npy-extent.js";
import { npyMembers } from "../npz-members.js";
import { CLI_LIMITS, type Input, notNpy } from "../open-input.js";
import type { Output } from "../output.js";

/** Options of `npyio convert`. */
export interface ConvertOptions {
  member?: string[] | undefined;
  name?: string | undefined;
  compress?: boolean;
  dtype?: string | undefined;
  unsafe?: boolean;
  byteOrder?: string | undefined;
  to?: string | undefined;
  from?: string | undefined;
}

type Format = "npy" | "npz" | "csv" | "json";
const FORMATS = new Set<string>(["npy", "npz", "csv", "json"]);

function formatOfPath(path: string, given: string | undefined, role: string): Format {
  const format = (given ?? extname(path).slice(1)).toLowerCase();
  if (!FORMATS.has(format)) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `cannot tell the ${role} format of ${JSON.stringify(path)}; name it .npy, .npz, .csv or .json, or pass --${role === "output" ? "to" : "from"}`,
    );
  }
  return format as Format;
}

/** The member name of a one-array input: its file name without the extension, as numpy's savez would have it. */
const stemOf = (input: Input): string =>
  input.name === "<stdin>" ? "arr_0" : basename(input.name, extname(input.name));

/** The arrays of the input, by name, in order. */
async function readArrays(input: Input, options: ConvertOptions): Promise<Map<string, NpyArray>> {
  const stem = stemOf(input);
  if (input.format === "npy")
    return new Map([[options.name ?? stem, await readNpy(sourceReadable(input.source), CLI_LIMITS)]]);
  if (input.format === "npz") {
    const npz = await NpzReader.open(input.source, CLI_LIMITS);
    const names = await npyMembers(npz, options.member);
    const arrays = new Map<string, NpyArray>();
    for (const name of names) arrays.set(name, await npz.get(name));
    return arrays;
  }
  const format = formatOfPath(input.name, options.from, "input");
  if (format !== "csv") throw notNpy(input);
  const size = input.source.size ?? 0;
  const text = new TextDecoder().decode(await input.source.read(0, size));
  return new Map([[options.name ?? stem, fromCsv(text).array]]);
}

function only(arrays: Map<string, NpyArray>, format: Format): NpyArray {
  if (arrays.size !== 1) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `${format} output holds one array and the input has ${arrays.size} (${[...arrays.keys()].join(", ")}); choose one with --member`,
    );
  }
  return [...arrays.values()][0]!;
}

/**
 * A .npy file into a new .npz, streamed: its bytes go through native zlib (`--compress`) into the
 * archive piece by piece (`NpzWriter.addStream`), never whole in memory, and the archive is written
 * atomically. The member is the input's own .npy bytes, as `np.savez` would write them; the header
 * and the data length are checked first, so a truncated input leaves no output.
 */
async function npyToNpz(input: Input, outPath: string, name: string, compress: boolean): Promise<void> {
  const header = await readHeader(input.source, CLI_LIMITS);
  const size = input.source.size;
  if (size !== undefined) checkDataExtent(npyExtent(header), size - header.dataOffset);
  const writer = new NpzWriter({ codec: nodeCodec, compress });
  const written = writer.readable.pipeTo(fileWritable(outPath));
  const adding = Promise.all([writer.addStream(name, sourceReadable(input.source)), writer.close()]);
  // a failed member errors `readable`, which aborts the file: nothing is left at outPath
  await Promise.all([
    adding.catch(async (err) => {
      await writer.abort(err);
      throw err;
    }),
    written,
  ]);
}

/** `npyio convert IN OUT`: npy ⇄ npz, npy → csv/json, csv → npy, with `--dtype` and `--byte-order`. */
export async function convert(
  input: Input,
  outPath: string,
  options: ConvertOptions,
  out: Output,
): Promise<void> {
  const format =
    outPath === "-" && options.to === undefined ? undefined : formatOfPath(outPath, options.to, "output");
  if (format === undefined)
    throw new NpyError("INVALID_ARGUMENT", "writing to stdout (-) needs --to npy, npz, csv or json");
  const cast = options.dtype !== undefined || options.byteOrder !== undefined;
  if (input.format === "npy" && format === "npz" && outPath !== "-" && !cast) {
    return npyToNpz(input, outPath, options.name ?? stemOf(input), options.compress === true);
  }
  let arrays = await readArrays(input, options);
  if (options.dtype !== undefined || options.byteOrder !== undefined) {
    const cast = new Map<string, NpyArray>();
    for (const [name, array] of arrays) {
      let target = options.dtype === undefined ? array.dtype : descrOf(options.dtype);
      if (options.byteOrder !== undefined)
        target = parseDescr(withByteOrder(target.descr, options.byteOrder));
      cast.set(name, castArray(array, target, options.unsafe === true));
    }
    arrays = cast;
  }
  let bytes: Uint8Array;
  switch (format) {
    case "npy":
      bytes = save(only(arrays, format));
      break;
    case "npz":
      bytes = saveNpz(arrays, { compress: options.compress === true });
      break;
    case "csv":
      bytes = new TextEncoder().encode(toCsv(only(arrays, format)));
      break;
    case "json": {
      const json =
        arrays.size === 1 && input.format !== "npz"
          ? toJson(only(arrays, format))
          : Object.fromEntries([...arrays].map(([k, a]) => [k, toJson(a)]));
      bytes = new TextEncoder().encode(`${JSON.stringify(json)}\n`);
      break;
    }
  }
  if (outPath === "-") await out.bytes(bytes);
  else await writeFile(outPath, bytes);
}
