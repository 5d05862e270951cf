import * as npyio from "npyio";
import type { DTypeLike } from "./dtype-like.js";

/**
 * The parts of `npyio` the demo calls, as docs/ARCHITECTURE.md documents them. The umbrella is being
 * written alongside this app: until an export lands, calling it fails with a message that says so
 * (instead of the whole module failing to link), and the page reports that message.
 */
export interface ArrayLike {
  dtype: DTypeLike;
  shape: number[];
  fortranOrder: boolean;
  data: unknown;
}
export interface HeaderLike {
  version: string;
  descr: unknown;
  shape: number[];
  fortranOrder: boolean;
  dataOffset: number;
}
export interface ByteSourceLike {
  readonly size?: number | undefined;
  read(offset: number, length: number, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
}
export interface ProgressLike {
  loaded: number;
  total: number | undefined;
}
export interface NpzReaderLike {
  names(): string[];
  entries(): { key: string; compressedSize: number; size: number }[];
  header(name: string): Promise<HeaderLike> | HeaderLike;
  get(name: string, options?: { signal?: AbortSignal }): Promise<ArrayLike>;
}
interface Api {
  parse(bytes: Uint8Array): ArrayLike;
  readHeader(source: ByteSourceLike, options?: { signal?: AbortSignal }): Promise<HeaderLike>;
  readRows(
    source: ByteSourceLike,
    start: number,
    end: number,
    options?: { signal?: AbortSignal; header?: HeaderLike; onProgress?: (p: ProgressLike) => void },
  ): Promise<ArrayLike>;
  readNpy(
    source: ReadableStream<Uint8Array> | Blob,
    options?: { signal?: AbortSignal; onProgress?: (p: ProgressLike) => void },
  ): Promise<ArrayLike>;
  headerByteLength(prefix: Uint8Array): number | undefined;
  bytesSource(bytes: Uint8Array): ByteSourceLike;
  blobSource(blob: Blob): ByteSourceLike;
  httpSource(url: string, options?: { fetch?: typeof fetch }): ByteSourceLike;
  NpzReader: { open(source: ByteSourceLike, options?: { signal?: AbortSignal }): Promise<NpzReaderLike> };
  parseDescr(descr: unknown): ArrayLike["dtype"];
  save(array: ArrayLike): Uint8Array;
  saveNpz(arrays: Map<string, ArrayLike>, options?: { compress?: boolean }): Uint8Array;
}

const exported = npyio as unknown as Partial<Api>;

export function api<K extends keyof Api>(name: K): Api[K] {
  const value = exported[name];
  if (value === undefined) throw new Error(`npyio does not export ${name} yet`);
  return value as Api[K];
}
