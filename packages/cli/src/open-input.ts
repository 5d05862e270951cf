/**
 * Where the command reads from: a path, `-` for stdin, or an http(s) URL (read with Range
 * requests, so `info` and `head` fetch only the bytes they need).
 */
import { type ByteSource, bytesSource, httpSource, NpyError } from "npyio";
import { fileSource } from "npyio/node";

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
  close(): Promise<void>;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

function formatOf(prefix: Uint8Array): Input["format"] {
  if (NPY_MAGIC.every((b, i) => prefix[i] === b)) return "npy";
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

/** Opens a path, `-` (stdin, read whole: it cannot seek) or an http(s) URL. */
export async function openInput(
  spec: string,
  stdin: AsyncIterable<Uint8Array> = process.stdin,
): Promise<Input> {
  let source: ByteSource;
  let close = async () => {};
  let name = spec;
  if (spec === "-") {
    source = bytesSource(await readAll(stdin));
    name = "<stdin>";
  } else if (isUrl(spec)) {
    source = httpSource(spec);
  } else {
    const file = await fileSource(spec);
    source = file;
    close = () => file.close();
  }
  try {
    const prefix = await source.read(0, 8);
    return { source, name, format: formatOf(prefix), close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The error for an input that is neither a .npy file nor an .npz archive. */
export function notNpy(input: Input): NpyError {
  return new NpyError(
    "BAD_MAGIC",
    `${input.name} is neither a .npy file (starts with \\x93NUMPY) nor an .npz archive (starts with PK)`,
    { offset: 0 },
  );
}
