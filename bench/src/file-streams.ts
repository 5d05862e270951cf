import { closeSync, createReadStream, fstatSync, openAsBlob, openSync, readSync } from "node:fs";
import { Readable } from "node:stream";

/** Chunk size of every file stream in the bench: Node's own default for fs streams. */
export const fileChunkSize = 64 * 1024;

/** How a file becomes a web ReadableStream; case 2 times the stream paths with both. */
export type FileStreamKind = "blob" | "node";

/**
 * A web ReadableStream of a file's bytes in 64 KiB chunks (a node stream: `chunkSize`): the input of every stream task, raw or
 * npyio, so both sides pay the same stream machinery. "blob" is `fs.openAsBlob(path).stream()`
 * (the cheaper one in Node 20, and what a browser `File` gives); "node" is
 * `Readable.toWeb(fs.createReadStream(path))`.
 */
export async function fileWebStream(
  path: string,
  kind: FileStreamKind = "blob",
  chunkSize = fileChunkSize,
): Promise<ReadableStream<Uint8Array>> {
  if (kind === "blob") return (await openAsBlob(path)).stream() as ReadableStream<Uint8Array>;
  // each chunk a buffer of its own, as Node's fs streams hand them over
  return Readable.toWeb(createReadStream(path, { highWaterMark: chunkSize })) as ReadableStream<Uint8Array>;
}

/**
 * The physical limit of "stream → array": the same stream, every chunk copied once into one
 * buffer allocated up front at the file's size (known from fstat here; npyio knows it from the
 * header).
 */
export async function streamIntoPreallocated(
  path: string,
  size: number,
  kind: FileStreamKind,
  chunkSize = fileChunkSize,
): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let at = 0;
  await forEachChunk(await fileWebStream(path, kind, chunkSize), (chunk) => {
    out.set(chunk, at);
    at += chunk.byteLength;
  });
  if (at !== size) throw new Error(`read ${at} bytes, expected ${size}`);
  return out;
}

/** Raw read-through: pull every chunk of a stream and touch nothing but its length. */
export async function drain(stream: ReadableStream<unknown>): Promise<number> {
  let n = 0;
  await forEachChunk(stream, (chunk) => {
    n += byteLengthOf(chunk);
  });
  return n;
}

/** Reads a stream to its end with a reader (the DOM typings have no async iterator on it). */
export async function forEachChunk<T>(stream: ReadableStream<T>, fn: (chunk: T) => void): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      fn(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/** Bytes in a chunk of any shape a stream emits: a view, or an object holding one in `data`. */
export function byteLengthOf(chunk: unknown): number {
  if (ArrayBuffer.isView(chunk)) return chunk.byteLength;
  if (typeof chunk === "object" && chunk !== null && "data" in chunk) {
    const data = (chunk as { data: unknown }).data;
    if (ArrayBuffer.isView(data)) return data.byteLength;
    if (Array.isArray(data)) return data.length;
  }
  return 0;
}

/** The bytes of a file as a plain Uint8Array (not a Buffer), owning its whole ArrayBuffer. */
export function readBytes(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, out, at, size - at, at);
      if (n === 0) throw new Error(`${path}: short read at ${at} of ${size}`);
      at += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
