import type { ByteSource } from "@npyio/stream";
import { blobSource, bytesSource, throwIfAborted } from "@npyio/stream";
import { fail } from "./zip-format.js";

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

/** Bytes, a Blob or a ByteSource, as a ByteSource. */
export function toByteSource(input: ByteSource | ArrayBuffer | ArrayBufferView | Blob): ByteSource {
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return bytesSource(input);
  if (typeof Blob !== "undefined" && input instanceof Blob) return blobSource(input);
  if (typeof input === "object" && input !== null && typeof (input as ByteSource).read === "function") {
    return input as ByteSource;
  }
  return fail("expected a ByteSource, bytes or a Blob", undefined, "INVALID_ARGUMENT");
}
