import { NpyError } from "@npyio/header";
import { checkAborted } from "./abort.js";

/**
 * Random access to bytes: the same contract as `ByteSource` in `@npyio/stream` (bytes, Blob, Node
 * file, HTTP Range implementations live there). `read` returns exactly `length` bytes, or fewer
 * only at the end of the source.
 */
export interface ByteSource {
  size?: number;
  read(offset: number, length: number, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
}

/** A ByteSource over bytes already in memory; reads are views, not copies. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
  };
}

/** Reads exactly `length` bytes or throws TRUNCATED naming `what`. */
export async function readExactly(
  source: ByteSource,
  offset: number,
  length: number,
  what: string,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  checkAborted(signal);
  const bytes = await source.read(offset, length, { signal });
  if (bytes.length < length) {
    throw new NpyError(
      "TRUNCATED",
      `${what} needs bytes ${offset}..${offset + length}, the source ends at ${offset + bytes.length}; the archive is incomplete`,
      { offset: offset + bytes.length },
    );
  }
  return bytes.length === length ? bytes : bytes.subarray(0, length);
}

/** Bytes, a Blob or a ByteSource, as a ByteSource. */
export function toByteSource(input: ByteSource | ArrayBuffer | ArrayBufferView | Blob): ByteSource {
  if (input instanceof ArrayBuffer) return memorySource(new Uint8Array(input));
  if (ArrayBuffer.isView(input))
    return memorySource(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  if (typeof Blob !== "undefined" && input instanceof Blob) {
    const blob = input;
    return {
      size: blob.size,
      read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
    };
  }
  if (typeof input === "object" && input !== null && typeof (input as ByteSource).read === "function") {
    return input as ByteSource;
  }
  throw new NpyError(
    "INVALID_ARGUMENT",
    `expected a ByteSource, bytes or a Blob, found ${Object.prototype.toString.call(input).slice(8, -1)}`,
  );
}
