/**
 * Where the command reads from: a path, `-` for stdin, or an http(s) URL (read with Range
 * requests, so `info` and `head` fetch only the bytes they need).
 */
import { stat } from "node:fs/promises";
import { type ByteSource, bytesSource, httpSource, MAGIC, NpyError } from "npyio";
import { fileSource } from "npyio/node";
import { errnoOf } from "./exit-code.js";

/**
 * Limits for files people open themselves: numpy refuses headers over 10000 bytes (a guard for
 * Python's literal_eval); npyio's header parser is safe, so the command reads up to 1 MiB.
 */
export const CLI_LIMITS = { maxHeaderSize: 1 << 20 } as const;

/** An opened input: its bytes, a name for messages, and what kind of file its first bytes say. */
export interface Input {
  source: ByteSource;
  /** The path or URL as given, `<stdin>` for `-`. */
  name: string;
  /** `npy` (`\x93NUMPY`), `npz` (a zip: `PK`), or `other`. */
  format: "npy" | "npz" | "other";
  /** Its first bytes (up to 8), which told the format. */
  prefix: Uint8Array;
  close(): Promise<void>;
}

function formatOf(prefix: Uint8Array): Input["format"] {
  if (MAGIC.every((b, i) => prefix[i] === b)) return "npy";
  if (prefix[0] === 0x50 && prefix[1] === 0x4b) return "npz";
  return "other";
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    parts.push(chunk);
    total += chunk.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** True for an http: or https: URL. */
export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/** Options of {@link openInput}. */
export interface OpenInputOptions {
  /** An http(s) server that ignores Range: download the file once instead of failing. */
  allowFullDownload?: boolean;
  stdin?: AsyncIterable<Uint8Array>;
}

// what the operating system's refusal means for the path the person typed
const PATH_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
};

/** A local file as a source, with the OS's refusals said in words about the path. */
async function openFile(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  try {
    if ((await stat(path)).isDirectory()) {
      throw new NpyError("IO_ERROR", `${path} is a directory; give a .npy or .npz file in it`, {
        cause: Object.assign(new Error("is a directory"), { code: "EISDIR" }),
      });
    }
    return await fileSource(path);
  } catch (err) {
    const errno = errnoOf(err);
    const problem = errno === undefined ? undefined : PATH_PROBLEMS[errno];
    if (problem === undefined) throw err;
    throw new NpyError("IO_ERROR", `cannot open ${path}: ${problem} (${errno})`, { cause: err });
  }
}

/** Opens a path, `-` (stdin, read whole: it cannot seek) or an http(s) URL. */
export async function openInput(spec: string, options: OpenInputOptions = {}): Promise<Input> {
  let source: ByteSource;
  let close = async () => {};
  let name = spec;
  if (spec === "-") {
    source = bytesSource(await readAll(options.stdin ?? process.stdin));
    name = "<stdin>";
  } else if (isUrl(spec)) {
    source = httpSource(spec, { allowFullDownload: options.allowFullDownload === true });
  } else {
    const file = await openFile(spec);
    source = file;
    close = () => file.close();
  }
  try {
    const prefix = await source.read(0, 8);
    return { source, name, format: formatOf(prefix), prefix, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The error for an input that is neither a .npy file nor an .npz archive. */
export function notNpy(input: Input): NpyError {
  const hex = Array.from(input.prefix.subarray(0, 6), (b) => b.toString(16).padStart(2, "0")).join(" ");
  const found = input.prefix.length === 0 ? "it is empty (0 bytes)" : `it starts with ${hex}`;
  return new NpyError(
    "BAD_MAGIC",
    `${input.name} is not a .npy file (starts with \\x93NUMPY) or an .npz archive (starts with PK): ${found}`,
    { offset: 0 },
  );
}
