/**
 * The entry points under fuzz, one function each. A target returns the arrays it decoded (the runner
 * checks their round trip and that all readers agree) or throws; only an NpyError may escape. Each
 * target also asserts its own contract where it has one (chunk offsets contiguous, rows as asked).
 */
import { concatData, decode, type NpyArray, type NpyData, parseDescr } from "@npyio/dtype";
import { headerByteLength, parseHeader, serializeHeader } from "@npyio/header";
import { NpzReader, type NpzReaderOptions } from "@npyio/npz";
import { fflateCodec } from "@npyio/npz/fflate";
import { readNpzStream } from "@npyio/npz/stream";
import { bytesSource, type NpyChunk, NpyDecoderStream, readHeader, readNpy } from "@npyio/stream";
import { readRows } from "@npyio/stream/slice";
import { load, parse } from "npyio";
import type { InputKind } from "./input-generator.js";
import type { Rng } from "./rng.js";
import { InvariantViolation } from "./round-trip.js";

export interface Target {
  /** `package.entryPoint(variant)`, as reported in counts. */
  name: string;
  /** The inputs it is meant for; it also gets a few of the other kind. */
  kind: InputKind | "any";
  /** True for the targets that decode a whole array: their results must agree. */
  whole?: boolean;
  /** Cheap and synchronous: in the quick mode every input runs it, besides one async target. */
  sync?: boolean;
  run(bytes: Uint8Array, rng: Rng): NpyArray[] | Promise<NpyArray[]>;
}

/** A ReadableStream delivering `bytes` in random chunk sizes (1 byte up to all of it, some empty). */
export function chunkedStream(bytes: Uint8Array, rng: Rng): ReadableStream<Uint8Array> {
  const max = rng.weighted([
    [1, 1],
    [1, 7],
    [3, 64],
    [3, 4096],
    [3, bytes.length + 1],
  ]);
  const sizes: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    // tiny chunks across the header, where the parsing is; past 256 bytes keep the count bounded
    const top = at > 256 && max < 64 ? 1024 : max;
    const n = rng.chance(0.03) ? 0 : rng.range(1, Math.max(1, top));
    sizes.push(n);
    at += n;
  }
  let at = 0;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = sizes[i++] ?? bytes.length;
      // a copy, as a network stream hands out fresh chunks; views would alias the input
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

/** Arrays of a map (numpy's keys → arrays or raw bytes), in key order; raw members left out. */
const arraysOf = (map: Map<string, NpyArray | Uint8Array>): NpyArray[] =>
  [...map]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, v]) => (v instanceof Uint8Array ? [] : [v]));

/** Reader options drawn at random: the JS inflater (its allocations are tracked) or the native one, limits. */
function npzOptions(rng: Rng, length: number): NpzReaderOptions {
  const options: NpzReaderOptions = {};
  if (rng.chance(0.5)) options.codec = fflateCodec;
  if (rng.chance(0.3)) options.maxTotalBytes = rng.pick([0, 100, length, 64 * length]);
  // a 1-byte chunk size is a caller's choice that costs ~0.6 ms per byte (linear), not an input's fault
  if (rng.chance(0.3)) options.chunkSize = rng.pick([16, 64, 4096]);
  return options;
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.length;
  }
}

const sameHeader = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const targets: Target[] = [
  {
    name: "header.parseHeader",
    kind: "npy",
    sync: true,
    run(bytes, rng) {
      // any prefix: headerByteLength must answer a number, undefined or an NpyError
      headerByteLength(bytes.subarray(0, rng.int(Math.min(bytes.length, 16) + 1)));
      const h = parseHeader(bytes);
      // what parses must serialize (numpy's repr) and parse back to the same header
      const again = parseHeader(serializeHeader(h, { version: h.version }));
      if (!sameHeader([h.descr, h.shape, h.fortranOrder], [again.descr, again.shape, again.fortranOrder])) {
        throw new InvariantViolation(`serializeHeader round trip changed the header: ${JSON.stringify(h)}`);
      }
      return [];
    },
  },
  {
    name: "dtype.parseDescr+decode",
    kind: "npy",
    run(bytes) {
      const h = parseHeader(bytes);
      const dtype = parseDescr(h.descr);
      const n = h.shape.reduce((a, b) => a * b, 1) * dtype.itemsize;
      const data = bytes.subarray(h.dataOffset);
      // only whole data: the short and long cases belong to the readers
      if (data.length !== n) return [];
      return [{ dtype, shape: h.shape, fortranOrder: h.fortranOrder, data: decode(dtype, data) }];
    },
  },
  {
    name: "npyio.parse",
    kind: "npy",
    sync: true,
    whole: true,
    run: (bytes) => [parse(bytes)],
  },
  {
    // object arrays through the restricted unpickler; their values have no round trip to check
    name: "npyio.parse(allowPickle)",
    kind: "npy",
    sync: true,
    run(bytes) {
      parse(bytes, { allowPickle: true, pickleGlobals: "inert" });
      return [];
    },
  },
  {
    name: "stream.readNpy(stream, allowPickle)",
    kind: "npy",
    async run(bytes, rng) {
      await readNpy(chunkedStream(bytes, rng), { allowPickle: true });
      return [];
    },
  },
  {
    name: "stream.readNpy(bytes)",
    kind: "npy",
    whole: true,
    run: async (bytes) => [await readNpy(bytes)],
  },
  {
    name: "stream.readNpy(stream)",
    kind: "npy",
    whole: true,
    run: async (bytes, rng) => [await readNpy(chunkedStream(bytes, rng))],
  },
  {
    name: "stream.NpyDecoderStream",
    kind: "npy",
    whole: true,
    async run(bytes, rng) {
      const decoder = new NpyDecoderStream({
        rows: rng.chance(0.3),
        chunkBytes: rng.chance(0.05) ? 1 : rng.pick([8, 100, 4096, 1 << 20]),
      });
      const parts: NpyData[] = [];
      let first: NpyChunk | undefined;
      let next = 0;
      const reader = chunkedStream(bytes, rng).pipeThrough(decoder).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        first ??= value;
        if (value.offset !== next) {
          throw new InvariantViolation(`chunk offset ${value.offset}, expected ${next}`);
        }
        next += value.length;
        parts.push(value.data);
      }
      const header = await decoder.header;
      if (!first) throw new InvariantViolation("the decoder ended without a chunk or an error");
      return [
        {
          dtype: header.dtype,
          shape: header.shape,
          fortranOrder: header.fortranOrder,
          data: concatData(header.dtype, parts),
        },
      ];
    },
  },
  {
    name: "stream.readRows",
    kind: "npy",
    async run(bytes, rng) {
      const source = bytesSource(bytes);
      const header = await readHeader(source, { probe: rng.pick([16, 64, 4096]) });
      const rows = header.shape[0] ?? 0;
      const start = rng.chance(0.05) ? rows + 1 : rng.int(rows + 1);
      const end = rng.chance(0.05) ? undefined : start + rng.int(rows - start + 1);
      const got = await readRows(source, start, end, rng.chance(0.5) ? { header } : {});
      if (got.shape[0] !== (end ?? rows) - start) {
        throw new InvariantViolation(`readRows(${start}, ${end}) returned ${got.shape[0]} rows`);
      }
      return [got];
    },
  },
  {
    name: "npz.NpzReader",
    kind: "npz",
    whole: true,
    async run(bytes, rng) {
      const npz = await NpzReader.open(bytes, npzOptions(rng, bytes.length));
      const names = npz.names();
      for (const e of npz.entries()) {
        if (!npz.has(e.name)) throw new InvariantViolation(`entries() lists "${e.name}" but has() denies it`);
      }
      // random access in a random order, each member by one of the four readers, then all at once
      for (const name of names.slice(0, 8).sort(() => rng.float() - 0.5)) {
        const how = rng.int(4);
        if (how === 0) await npz.header(name);
        else if (how === 1) await npz.bytes(name);
        else if (how === 2) await drain(npz.stream(name));
        else await npz.get(name);
      }
      if (rng.chance(0.1)) await npz.get("no such member");
      return arraysOf(await npz.toMap());
    },
  },
  {
    name: "npz.NpzReader.stream→NpyDecoderStream",
    kind: "npz",
    async run(bytes, rng) {
      const npz = await NpzReader.open(bytes, npzOptions(rng, bytes.length));
      const name = npz.names()[0];
      if (name === undefined) return [];
      const reader = npz
        .stream(name)
        .pipeThrough(new NpyDecoderStream({ chunkBytes: 64 }))
        .getReader();
      for (;;) if ((await reader.read()).done) return [];
    },
  },
  {
    name: "npz.readNpzStream",
    kind: "npz",
    whole: true,
    async run(bytes, rng) {
      const options = rng.chance(0.5) ? { codec: fflateCodec } : {};
      return arraysOf(await readNpzStream(chunkedStream(bytes, rng), options));
    },
  },
  {
    name: "npyio.load(bytes)",
    kind: "any",
    async run(bytes) {
      const got = await load(bytes);
      return got instanceof Map ? arraysOf(got) : [got];
    },
  },
  {
    name: "npyio.load(stream)",
    kind: "any",
    async run(bytes, rng) {
      const got = await load(chunkedStream(bytes, rng));
      return got instanceof Map ? arraysOf(got) : [got];
    },
  },
];
