import { checkDataExtent, isNpyError, NpyDecoderStream, NpzReader, readHeader } from "npyio";
import { headerWords, npyExtent, npyFileBytes } from "../npy-extent.js";
import { CLI_LIMITS, type Input, notNpy } from "../open-input.js";
import type { Output } from "../output.js";
import { streamChunks } from "../stream-chunks.js";

/** The outcome of checking one array or archive member. */
interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** A .npy file: a valid header, and exactly the data bytes it declares. */
async function checkNpy(input: Input): Promise<string> {
  const header = await readHeader(input.source, CLI_LIMITS);
  const want = npyFileBytes(header);
  const size = input.source.size;
  const what = headerWords(header);
  if (size !== undefined) checkDataExtent(npyExtent(header), size - header.dataOffset);
  return `${what}, ${want - header.dataOffset} data bytes`;
}

/** Reads a stream to its end (an npz member stream checks its CRC-32 there). */
async function drain(stream: ReadableStream<unknown>): Promise<void> {
  for await (const _ of streamChunks(stream));
}

/** Every member of an archive: its CRC-32 and sizes, and for .npy members the header and length. */
async function checkNpz(input: Input): Promise<Check[]> {
  const npz = await NpzReader.open(input.source, CLI_LIMITS);
  const checks: Check[] = [];
  for (const entry of npz.entries()) {
    const name = `${input.name}:${entry.name}`;
    try {
      let detail: string;
      try {
        const header = await npz.header(entry.name);
        await drain(npz.stream(entry.name).pipeThrough(new NpyDecoderStream(CLI_LIMITS)));
        detail = `${headerWords(header)}, CRC ok`;
      } catch (err) {
        if (!isNpyError(err, "BAD_MAGIC")) throw err;
        await drain(npz.stream(entry.name));
        detail = `not a .npy file (${entry.size} bytes), CRC ok`;
      }
      checks.push({ name, ok: true, detail });
    } catch (err) {
      if (!isNpyError(err)) throw err;
      checks.push({ name, ok: false, detail: `${err.code}: ${err.message}` });
    }
  }
  return checks;
}

/**
 * `npyio verify FILE`: header validity, truncation, and every npz CRC. Prints one line per array;
 * resolves `true` when everything is sound.
 */
export async function verify(input: Input, out: Output): Promise<boolean> {
  let checks: Check[];
  try {
    if (input.format === "npy") checks = [{ name: input.name, ok: true, detail: await checkNpy(input) }];
    else if (input.format === "npz") checks = await checkNpz(input);
    else throw notNpy(input);
  } catch (err) {
    if (!isNpyError(err)) throw err;
    checks = [{ name: input.name, ok: false, detail: `${err.code}: ${err.message}` }];
  }
  for (const c of checks) out.line(`${c.ok ? "ok  " : "FAIL"}  ${c.name}: ${c.detail}`);
  return checks.every((c) => c.ok);
}
