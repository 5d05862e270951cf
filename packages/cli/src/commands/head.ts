import { isNpyError, type NpyArray, NpzReader, readHeader, readNpy, readRows, sourceReadable } from "npyio";
import { formatArray } from "npyio/repr";
import { truncation } from "../npy-extent.js";
import { npyMembers } from "../npz-members.js";
import { CLI_LIMITS, type Input, notNpy } from "../open-input.js";
import type { Output } from "../output.js";

/** Options of `npyio head`. */
export interface HeadOptions {
  /** Entries along the first axis to print. */
  rows: number;
  /** npz: only these members. */
  member?: string[];
  /** Read object arrays (`--allow-pickle`). */
  allowPickle?: boolean;
}

/** The first `rows` rows of a .npy file, reading only their bytes when the file is C-ordered. */
async function headOfNpy(
  input: Input,
  rows: number,
  allowPickle: boolean,
): Promise<{ array: NpyArray; cut: Error | undefined }> {
  const header = await readHeader(input.source, CLI_LIMITS).catch(async (err: unknown) => {
    // an object array is one pickle: read it whole, as data
    if (!allowPickle || !isNpyError(err, "OBJECT_DTYPE")) throw err;
    return undefined;
  });
  if (header === undefined) {
    const array = await readNpy(sourceReadable(input.source), { ...CLI_LIMITS, allowPickle });
    return { array, cut: undefined };
  }
  const cut = truncation(header, input.source.size);
  if (header.shape.length > 0 && !header.fortranOrder) {
    return { array: await readRows(input.source, 0, Math.min(rows, header.shape[0]!), { header }), cut };
  }
  // a Fortran-ordered file's first rows are scattered over the whole file
  return { array: await readNpy(sourceReadable(input.source), CLI_LIMITS), cut };
}

/**
 * `npyio head FILE [-n N]`: the first rows, printed as numpy prints arrays. A truncated file's rows
 * that are there are printed, then the truncation is the command's error.
 */
export async function head(input: Input, options: HeadOptions, out: Output): Promise<void> {
  if (input.format === "npy") {
    const { array, cut } = await headOfNpy(input, options.rows, options.allowPickle === true);
    out.line(formatArray(array, { rows: options.rows }));
    if (cut) throw cut;
    return;
  }
  if (input.format !== "npz") throw notNpy(input);
  const npz = await NpzReader.open(input.source, {
    ...CLI_LIMITS,
    allowPickle: options.allowPickle === true,
  });
  const names = await npyMembers(npz, options.member);
  for (const name of names) {
    if (names.length > 1 || options.member === undefined) out.line(`${name}:`);
    out.line(formatArray(await npz.get(name), { rows: options.rows }));
  }
}
