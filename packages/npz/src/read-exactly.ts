import type { ByteSource } from "@npyio/stream";
import { throwIfAborted } from "@npyio/stream";
import { fail } from "./zip-error.js";

/** Reads exactly `length` bytes or throws TRUNCATED naming `what`. */
export async function readExactly(
  source: ByteSource,
  offset: number,
  length: number,
  what: string,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  throwIfAborted(signal);
  const bytes = await source.read(offset, length, { signal });
  const end = offset + bytes.length;
  if (bytes.length < length)
    fail(`${what} needs bytes up to ${offset + length}, the source ends at ${end}`, end, "TRUNCATED");
  return bytes.length === length ? bytes : bytes.subarray(0, length);
}
