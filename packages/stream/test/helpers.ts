import { concatData, type DType, type NpyData } from "@npyio/dtype";
import { serializeHeader } from "@npyio/header";
import type { NpyChunk } from "@npyio/stream";
import { expected } from "../../../fixtures/index.js";

/** Every npy fixture a reader must decode (object arrays are refused by design, tested elsewhere). */
export const readableFixtures: string[] = Object.keys(expected.npy).filter(
  (name) => expected.npy[name]!.values,
);

/** Header options some fixtures need (one has a 92 kB header, over numpy's default limit). */
export const limitsFor = (name: string) => ({ maxHeaderSize: expected.npy[name]!.dataOffset + 16 });

/** Splits of a byte array: a fixed size or a deterministic pseudo-random one. */
export type Split = number | "random";

/** A pull-based stream of `bytes` cut into pieces of `split` bytes; records pulls and cancels. */
export function chunked(bytes: Uint8Array, split: Split, seed = 1) {
  let at = 0;
  let state = seed;
  const next = () => {
    if (split !== "random") return split;
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return 1 + (state % 5000);
  };
  const log = { pulls: 0, cancelled: false as boolean, reason: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        log.pulls++;
        if (at >= bytes.length) return controller.close();
        const n = next();
        controller.enqueue(bytes.slice(at, at + n));
        at += n;
      },
      cancel(reason) {
        log.cancelled = true;
        log.reason = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, log };
}

/** Everything a stream yields. */
export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  return out;
}

/** Byte chunks joined into one buffer. */
export function joinBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The data of decoded chunks joined into one value. */
export const joinChunks = (dtype: DType, chunks: NpyChunk[]): NpyData =>
  concatData(
    dtype,
    chunks.map((c) => c.data),
  );

/** A .npy file for `descr` and `shape` whose data is `data` (or `dataLength` zero bytes). */
export function makeNpy(descr: string, shape: number[], data: Uint8Array): Uint8Array {
  const header = serializeHeader({ descr, fortranOrder: false, shape });
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

/** Bytes of an `<f8` range 0, 1, 2, ... of `n` elements. */
export function float64Range(n: number): Uint8Array {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  return new Uint8Array(values.buffer);
}
