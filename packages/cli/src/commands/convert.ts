import { basename, extname } from "node:path";
import {
  type NpyArray,
  NpyError,
  NpzReader,
  parseDescr,
  readNpy,
  save,
  saveNpz,
  sourceReadable,
} from "npyio";
import { writeFile } from "npyio/node";
import { castArray, descrOf, withByteOrder } from "../cast-array.js";
import { fromCsv, toCsv } from "../csv-table.js";
import { toJson } from "../json-array.js";
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

/** The arrays of the input, by name, in order. */
async function readArrays(input: Input, options: ConvertOptions): Promise<Map<string, NpyArray>> {
  const stem = input.name === "<stdin>" ? "arr_0" : basename(input.name, extname(input.name));
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
