import { openAsBlob, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as npyjsParse } from "npyjs";
import { parseNpy as numpyTsParseNpy } from "numpy-ts";
import {
  type BenchCase,
  type BenchTask,
  fmtRatio,
  hugePages,
  timeRatioVerdict,
  type Verdict,
} from "../bench-case.js";
import { expectElements } from "../checks.js";
import { fileWebStream, streamIntoPreallocated } from "../file-streams.js";
import { npyElementAt } from "../npy-layout.js";

type ReadNpy = (
  source: ReadableStream<Uint8Array> | Blob,
  options?: { maxBytes?: number },
) => Promise<unknown>;

/** The small chunks of the chunk-size rows: 16 KiB, below the 64 KiB of Node's file streams. */
const SMALL_CHUNK = 16 * 1024;
type ReadFile = (path: string) => Promise<unknown>;

export const names = {
  readFileSync: "readFileSync (raw limit)",
  touch: "new 256 MiB buffer, every page written once (limit: fresh memory)",
  prealloc: "blob stream → one preallocated buffer (raw limit)",
  npyioStream: "npyio readNpy(blob stream)",
  npyioBlob: "npyio readNpy(Blob) (size known up front)",
  preallocNode: "node stream → one preallocated buffer (raw limit)",
  npyioStreamNode: "npyio readNpy(node stream)",
  npyioStreamMax: "npyio readNpy(blob stream, { maxBytes }) (preallocated within the caller's limit)",
  preallocSmall: "node stream in 16 KiB chunks → one preallocated buffer (raw limit)",
  npyioStreamSmall: "npyio readNpy(node stream in 16 KiB chunks)",
  sumPlain: "sum of a 32 MiB Float64Array over a plain ArrayBuffer",
  sumResizable: "sum of a 32 MiB Float64Array over a resizable ArrayBuffer",
  npyioFile: "npyio/node readFile",
  npyjs: "npyjs readFileSync + parse (peer)",
  numpyTs: "numpy-ts readFileSync + parseNpy (peer)",
  numpy: "numpy np.load",
};

// Two copies of one loop, so that each keeps its own type feedback (one function fed both kinds of
// array would be measured polymorphic on both).
function sumPlain(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}
function sumResizable(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** Tasks shared by case 2 (<f4) and case 3 (>f8): the file → array paths of npyio. */
export function npyioFileTasks(
  api: import("../npyio-api.js").NpyioApi,
  path: string,
  size: number,
  check: (r: unknown) => string | undefined,
  label = "",
): BenchTask[] {
  const readNpy = api.get<ReadNpy>("readNpy", ["npyio", "@npyio/stream"]);
  const readFile = api.get<ReadFile>("readFile", ["npyio/node"]);
  return [
    readNpy
      ? {
          name: names.npyioStream + label,
          fn: async () => readNpy(await fileWebStream(path)),
          check,
          bytes: size,
        }
      : { name: names.npyioStream + label, missing: api.missing("readNpy", ["npyio", "@npyio/stream"]) },
    readNpy
      ? {
          name: names.npyioBlob + label,
          fn: async () => readNpy(await openAsBlob(path)),
          check,
          bytes: size,
        }
      : { name: names.npyioBlob + label, missing: api.missing("readNpy", ["npyio", "@npyio/stream"]) },
    readFile
      ? { name: names.npyioFile + label, fn: () => readFile(path), check, bytes: size }
      : { name: names.npyioFile + label, missing: api.missing("readFile", ["npyio/node"]) },
  ];
}

/** Case 2: a 256 MiB <f4 file to an array, against the limits of the machine and the peers. */
export const case2: BenchCase = {
  id: 2,
  title: "256 MiB `<f4` file → array",
  numpy: true,
  memoryTasks: [names.prealloc, names.readFileSync, names.npyioStream, names.npyioFile, names.npyjs],
  hugePageTasks: [names.touch, names.readFileSync, names.npyioFile, names.npyjs],
  async run({ inputsDir, manifest, api }) {
    const path = join(inputsDir, "f4.npy");
    const size = manifest.files["f4.npy"]!;
    const n = manifest.params.f4_count;
    const last = npyElementAt(path, n - 1, 4).getFloat32(0, true);
    const check = expectElements(n, n - 1, last);
    const readNpy = api.get<ReadNpy>("readNpy", ["npyio", "@npyio/stream"]);
    return {
      tasks: [
        { name: names.touch, fn: () => new Uint8Array(size).fill(1), bytes: size },
        { name: names.readFileSync, fn: () => readFileSync(path), bytes: size },
        { name: names.prealloc, fn: () => streamIntoPreallocated(path, size, "blob"), bytes: size },
        ...npyioFileTasks(api, path, size, check),
        { name: names.preallocNode, fn: () => streamIntoPreallocated(path, size, "node"), bytes: size },
        readNpy
          ? {
              name: names.npyioStreamNode,
              fn: async () => readNpy(await fileWebStream(path, "node")),
              check,
              bytes: size,
            }
          : { name: names.npyioStreamNode, missing: api.missing("readNpy", ["npyio", "@npyio/stream"]) },
        readNpy
          ? {
              name: names.npyioStreamMax,
              fn: async () => readNpy(await fileWebStream(path), { maxBytes: size }),
              check,
              bytes: size,
            }
          : { name: names.npyioStreamMax, missing: api.missing("readNpy", ["npyio", "@npyio/stream"]) },
        {
          name: names.preallocSmall,
          fn: () => streamIntoPreallocated(path, size, "node", SMALL_CHUNK),
          bytes: size,
        },
        readNpy
          ? {
              name: names.npyioStreamSmall,
              fn: async () => readNpy(await fileWebStream(path, "node", SMALL_CHUNK)),
              check,
              bytes: size,
            }
          : { name: names.npyioStreamSmall, missing: api.missing("readNpy", ["npyio", "@npyio/stream"]) },
        // why readNpy does not grow a resizable ArrayBuffer: what reading the result would cost
        ...(() => {
          const n = 4 << 20;
          const plain = new Float64Array(n).fill(1);
          const resizable = new Float64Array(new ArrayBuffer(n * 8, { maxByteLength: n * 8 }), 0, n).fill(1);
          const expectSum = (r: unknown) => (r === n ? undefined : `sum ${String(r)}, expected ${n}`);
          return [
            { name: names.sumPlain, fn: () => sumPlain(plain), check: expectSum, bytes: n * 8 },
            { name: names.sumResizable, fn: () => sumResizable(resizable), check: expectSum, bytes: n * 8 },
          ];
        })(),
        {
          name: names.npyjs,
          fn: () => {
            const buf = readFileSync(path);
            // a file this size gets its own ArrayBuffer (no pool), so this is not a copy
            return npyjsParse(buf.buffer as ArrayBuffer);
          },
          check,
          bytes: size,
        },
        { name: names.numpyTs, fn: () => numpyTsParseNpy(readFileSync(path)), check, bytes: size },
      ],
    };
  },
  evaluate(m): Verdict[] {
    const blob = m[names.npyioBlob];
    const pre = m[names.prealloc];
    const blobRatio =
      blob?.kind === "time" && pre?.kind === "time" ? blob.medianMs / pre.medianMs : undefined;
    const streamWhy = () =>
      blobRatio !== undefined && blobRatio <= 1.1
        ? `with the length known (readNpy(Blob)) the same path is ${fmtRatio(blobRatio)}: without a length readNpy holds the chunks until a quarter of the data has arrived, then allocates once (each byte of a chunk of 4 KiB or more is copied once either way), so the rest is holding the chunks (more memory to fault in) and per-chunk work`
        : "more than one copy per chunk into the final buffer, or per-chunk overhead";
    return [
      timeRatioVerdict(
        m,
        "stream → array ÷ stream → preallocated buffer (blob stream)",
        "≤ 1.10×",
        names.npyioStream,
        names.prealloc,
        { max: 1.1 },
        streamWhy,
      ),
      timeRatioVerdict(
        m,
        "stream → array ÷ stream → preallocated buffer (node stream)",
        "≤ 1.10×",
        names.npyioStreamNode,
        names.preallocNode,
        { max: 1.1 },
        streamWhy,
      ),
      timeRatioVerdict(
        m,
        "stream → array ÷ stream → preallocated buffer (node stream, 16 KiB chunks)",
        "≤ 1.10×",
        names.npyioStreamSmall,
        names.preallocSmall,
        { max: 1.1 },
        streamWhy,
      ),
      timeRatioVerdict(
        m,
        "stream with maxBytes set → array ÷ stream → preallocated buffer (blob stream)",
        "≤ 1.10×",
        names.npyioStreamMax,
        names.prealloc,
        { max: 1.1 },
        () => "with the buffer allocated at once, the path costs more than one copy per chunk",
      ),
      timeRatioVerdict(
        m,
        "reading a Float64Array over a resizable ArrayBuffer ÷ over a plain one",
        "report",
        names.sumResizable,
        names.sumPlain,
        {},
      ),
      timeRatioVerdict(
        m,
        "readNpy(Blob) ÷ blob stream → preallocated buffer",
        "≤ 1.10×",
        names.npyioBlob,
        names.prealloc,
        { max: 1.1 },
        () => "even with the length known, the path costs more than one copy per chunk",
      ),
      timeRatioVerdict(
        m,
        "Node file helper ÷ npyjs (readFileSync + parse)",
        "≤ 1.00×",
        names.npyioFile,
        names.npyjs,
        { max: 1.0 },
        () => "the helper costs more than one read into one buffer plus a view",
      ),
      timeRatioVerdict(
        m,
        "Node file helper ÷ numpy np.load",
        "≤ 1.00×",
        names.npyioFile,
        names.numpy,
        { max: 1.0 },
        () =>
          "numpy asks for transparent huge pages for its array (THP is in madvise mode here), Node's allocator does not, and on this VM a first touch of each 4 KiB page costs far more than the copy itself; the fresh-memory row above is that floor",
      ),
      timeRatioVerdict(
        m,
        "Node file helper ÷ numpy np.load, Node started with glibc.malloc.hugetlb=1",
        "≤ 1.00×",
        hugePages(names.npyioFile),
        names.numpy,
        { max: 1.0 },
        () => "slower than numpy's single fromfile read even with huge pages",
      ),
    ];
  },
};
