/**
 * Findings per case, printed under the case in RESULTS.md: what the numbers can't say (where the
 * time goes, from the packages' code at the measured commit), with every number taken from the run
 * being rendered. A ratio that misses in every round is called a gap, never noise.
 */
import { fmtBytes, fmtMs, fmtRatio, hugePages } from "./bench-case.js";
import type { Measurements } from "./measurement.js";

type M = Measurements;

const HUGE = "glibc.malloc.hugetlb=1";

/** The median of a timed task, formatted, or a note that it has none. */
function t(m: M, name: string): string {
  const x = m[name];
  return x?.kind === "time" ? fmtMs(x.medianMs) : "(not measured)";
}

function ratioOf(m: M, a: string, b: string): number | undefined {
  const x = m[a];
  const y = m[b];
  return x?.kind === "time" && y?.kind === "time" ? x.medianMs / y.medianMs : undefined;
}

/** `a ÷ b` of the medians, formatted. */
function r(m: M, a: string, b: string): string {
  const v = ratioOf(m, a, b);
  return v === undefined ? "(not measured)" : fmtRatio(v);
}

/** `a ÷ b` of the median CPU times, formatted. */
function cpuR(m: M, a: string, b: string): string {
  const x = m[a];
  const y = m[b];
  return x?.kind === "time" && y?.kind === "time" && x.cpuMs && y.cpuMs
    ? fmtRatio(x.cpuMs / y.cpuMs)
    : "(not measured)";
}

/** GB/s of a timed task with bytes. */
function gbps(m: M, name: string): string {
  const x = m[name];
  if (x?.kind !== "time" || x.bytes === undefined) return "(not measured)";
  const wall = `${(x.bytes / 1e9 / (x.medianMs / 1000)).toFixed(1)} GB/s`;
  return x.cpuMs ? `${wall} (${(x.bytes / 1e9 / (x.cpuMs / 1000)).toFixed(1)} GB/s on CPU time)` : wall;
}

function peak(m: M, name: string): string {
  const x = m[`${name} (memory)`];
  return x?.kind === "memory" ? fmtBytes(x.peakRssDelta) : "(not measured)";
}

/**
 * How `a ÷ b` stood against `limit` round by round: "in every round", "in k of n rounds", so a gap
 * that every round shows is not waved away as the machine's noise.
 */
function rounds(m: M, a: string, b: string, limit: number): string {
  const x = m[a];
  const y = m[b];
  if (x?.kind !== "time" || y?.kind !== "time" || !x.rounds || !y.rounds) return "";
  const n = Math.min(x.rounds.length, y.rounds.length);
  const over = x.rounds.slice(0, n).filter((v, i) => v / y.rounds![i]! > limit).length;
  if (n === 1)
    return over ? "over the target in the one round run" : "within the target in the one round run";
  if (over === n) return `over the target in every one of the ${n} rounds: a gap, not noise`;
  if (over === 0) return `within the target in all ${n} rounds`;
  return `over the target in ${over} of ${n} rounds`;
}

const c2 = {
  touch: "new 256 MiB buffer, every page written once (limit: fresh memory)",
  readFileSync: "readFileSync (raw limit)",
  prealloc: "blob stream → one preallocated buffer (raw limit)",
  stream: "npyio readNpy(blob stream)",
  blob: "npyio readNpy(Blob) (size known up front)",
  preallocNode: "node stream → one preallocated buffer (raw limit)",
  streamNode: "npyio readNpy(node stream)",
  streamMax: "npyio readNpy(blob stream, { maxBytes }) (preallocated within the caller's limit)",
  preallocSmall: "node stream in 16 KiB chunks → one preallocated buffer (raw limit)",
  streamSmall: "npyio readNpy(node stream in 16 KiB chunks)",
  file: "npyio/node readFile",
  numpy: "numpy np.load",
  sumPlain: "sum of a 32 MiB Float64Array over a plain ArrayBuffer",
  sumResizable: "sum of a 32 MiB Float64Array over a resizable ArrayBuffer",
};

// the in-cache swap row (64 × 1 MiB per call), and its name in runs before it said so
const CACHE_ROW =
  "byteSwap 1 MiB in place, 8-byte units (Wasm SIMD kernel where the runtime has it; in cache)";
const be = " >f8";
const le = " <f4 (case 2 file)";

export const analysis: Record<number, (m: M) => string> = {
  1: (m) =>
    `\`parse\` returns a view of the input for a native-endian aligned array, so its time does not depend on the size: ${t(m, "npyio parse 256 MiB <f4")} for 256 MiB, ${t(m, "npyio parse 1 KiB <f4")} for 1 KiB. npyjs takes ${t(m, "npyjs parse 256 MiB <f4 (peer)")}: the header dict goes through @npyio/header's full Python-literal parser, where npyjs uses three regexes. No target; only worth a look if many tiny arrays are parsed.`,
  2: (m) =>
    [
      `**Fresh memory decides this case on this machine.** Transparent huge pages are in \`madvise\` mode here, and numpy madvises its large allocations, so \`np.load\` of the 256 MiB file faults in 2 MiB pages, while a Node process faults in 4 KiB pages: writing every page of a new 256 MiB buffer once took ${t(m, c2.touch)} (numpy's whole load: ${t(m, c2.numpy)}). Every Node path that returns a new 256 MiB array pays it (\`readFileSync\` itself: ${t(m, c2.readFileSync)}); no JavaScript API can madvise.`,
      `With \`GLIBC_TUNABLES=${HUGE}\` (glibc 2.35+ then madvises large allocations, as numpy does), in a second worker process, the fresh buffer took ${t(m, hugePages(c2.touch))} and \`readFile\` ${t(m, hugePages(c2.file))}, ${r(m, hugePages(c2.file), c2.numpy)} numpy's load. The setting has to be made before Node starts; docs/PERFORMANCE.md tells users.`,
      `**Streams.** With a known length (\`readNpy(Blob)\`) or a \`maxBytes\` the caller set, \`readNpy\` allocates its one buffer at once and copies each chunk into it once: ${r(m, c2.blob, c2.prealloc)} and ${r(m, c2.streamMax, c2.prealloc)} the preallocated read. A bare stream has no length: \`ChunkAccumulator\` holds the chunks (by reference from 4 KiB up) until a quarter of the data has arrived, then allocates the buffer once, so each byte is still copied once, yet the held chunks are memory the preallocated read does not need. It measured ${r(m, c2.stream, c2.prealloc)} (blob stream, ${rounds(m, c2.stream, c2.prealloc, 1.1)}), ${r(m, c2.streamNode, c2.preallocNode)} (node stream, ${rounds(m, c2.streamNode, c2.preallocNode, 1.1)}) and ${r(m, c2.streamSmall, c2.preallocSmall)} with 16 KiB chunks (${rounds(m, c2.streamSmall, c2.preallocSmall, 1.1)}). A resizable \`ArrayBuffer\` grown as bytes arrive was considered and not used: V8's \`transferToFixedLength\` copies a resizable buffer to make it fixed-length (its builtins-arraybuffer.cc), Node 20 has no \`transferToFixedLength\` at all, and web APIs refuse views of a resizable buffer unless they allow it (WebIDL's [AllowResizable]). Reading an array left over one cost about the same here: summing a 32 MiB \`Float64Array\` took ${t(m, c2.sumResizable)} over a resizable buffer and ${t(m, c2.sumPlain)} over a plain one (${r(m, c2.sumResizable, c2.sumPlain)}; on CPU time ${cpuR(m, c2.sumResizable, c2.sumPlain)}).`,
    ].join(" "),
  3: (m) =>
    [
      `The byte swap runs on a WebAssembly SIMD kernel (\`i8x16.swizzle\`, 64 bytes a turn, through a 64 KiB tile of its memory): ${gbps(m, CACHE_ROW)} in cache and ${gbps(m, "byteSwap 256 MiB in place, 8-byte units (Wasm SIMD kernel where the runtime has it; from memory)")} over 256 MiB from memory; \`parse(>f8, { inPlace: true })\` runs the same kernel (${gbps(m, "npyio parse >f8 bytes in memory, { inPlace: true } (the swap alone)")}).`,
      `\`readNpy\` swaps each piece right after copying it into its one buffer, while it is in cache, and decodes that buffer as native data: >f8 ÷ <f4 is ${r(m, `${c2.blob}${be}`, `${c2.blob}${le}`)} for \`readNpy(Blob)\` and ${r(m, `${c2.stream}${be}`, `${c2.stream}${le}`)} for a bare stream, with a peak RSS growth of ${peak(m, `${c2.blob}${be}`)} and ${peak(m, `${c2.stream}${be}`)} for 256 MiB of data. \`readFile\` reads the data of a big-endian file through a 1 MiB buffer, swapping each piece there before copying it to its place, because a second pass over pages the kernel has just filled costs about as much as the read itself on this VM: ${r(m, `${c2.file}${be}`, `${c2.file}${le}`)} with 4 KiB pages (on CPU time ${cpuR(m, `${c2.file}${be}`, `${c2.file}${le}`)}); with huge pages, where the read itself is fast, ${r(m, hugePages(`${c2.file}${be}`), hugePages(`${c2.file}${le}`))} (${t(m, hugePages(`${c2.file}${be}`))} vs ${t(m, hugePages(`${c2.file}${le}`))}).`,
    ].join(" "),
  4: (m) =>
    `\`NpyDecoderStream\` hands out views of the input for any run of whole elements of at least 4 KiB, copying only the element that straddles two chunks; its own output chunks are decoded in place. It took ${t(m, "npyio NpyDecoderStream")} against ${t(m, "raw read-through of the generated stream (reference)")} for the raw read-through, a reference rather than a limit (the decoder can come out below it), with a peak RSS of ${peak(m, "npyio NpyDecoderStream")} above baseline.`,
  5: (m) =>
    `numpy read this archive in ${t(m, "numpy np.load (all members)")}; Node's own native floor here ('readFileSync + node:zlib inflateRawSync per member') took ${t(m, "readFileSync + node:zlib inflateRawSync per member (native limit)")}: zlib's output lands in fresh 4 KiB pages (case 2), while numpy's buffers get huge pages. \`loadNpzFile\` (${t(m, "@npyio/npz/node loadNpzFile (node:zlib, parallel)")}) and \`readFile\` (${t(m, "npyio/node readFile (.npz)")}) inflate both members in parallel on zlib's thread pool, each into one buffer of its declared size. \`loadNpz(bytes)\` from the main entry (${t(m, "npyio loadNpz(readFileSync) (the main entry as Node resolves it)")}, ${r(m, "npyio loadNpz(readFileSync) (the main entry as Node resolves it)", "numpy np.load (all members)")} numpy) is the \`node\` export condition's entry here, as for a Node user: native zlib, members in parallel. \`loadNpzFile\` reads each member's compressed bytes in 1 MiB pieces straight into the inflater (no fresh buffer the size of the file) and takes each stretch's CRC-32 as zlib writes it. The floor of a Node process with 4 KiB pages — both members inflated in parallel into fresh buffers of their size, the file already in memory — took ${t(m, "floor: members inflated in parallel (node:zlib, thread pool) into fresh buffers of their size, compressed bytes already in memory")} (${r(m, "floor: members inflated in parallel (node:zlib, thread pool) into fresh buffers of their size, compressed bytes already in memory", "numpy np.load (all members)")} numpy), the fresh output pages alone ${t(m, "two new 48 MB buffers, every page written once (fresh memory for the output)")}: the 0.80× target is ${t(m, "numpy np.load (all members)")} × 0.8, and whether it lies below that floor is read from these two rows. Started with \`GLIBC_TUNABLES=${HUGE}\` (how a user gets numpy's memory speed), the floor took ${t(m, hugePages("floor: members inflated in parallel (node:zlib, thread pool) into fresh buffers of their size, compressed bytes already in memory"))}, \`loadNpzFile\` ${t(m, hugePages("@npyio/npz/node loadNpzFile (node:zlib, parallel)"))} (${r(m, hugePages("@npyio/npz/node loadNpzFile (node:zlib, parallel)"), "numpy np.load (all members)")} numpy) and \`loadNpz(bytes)\` ${t(m, hugePages("npyio loadNpz(readFileSync) (the main entry as Node resolves it)"))} (${r(m, hugePages("npyio loadNpz(readFileSync) (the main entry as Node resolves it)"), "numpy np.load (all members)")}).`,
  6: (m) =>
    `Sync \`saveNpz\` as Node resolves it (the \`node\` export condition: native zlib's \`deflateRawSync\`, one member after the other) took ${t(m, "npyio saveNpz({ compress: true }) (sync, Node entry: node:zlib)")}, the portable entry a browser gets (fflate, JavaScript) ${t(m, "npyio saveNpz({ compress: true }) (sync, portable entry: fflate)")}, and \`saveNpzAsync\` (node:zlib, members in parallel on the thread pool) ${t(m, "@npyio/npz/node saveNpzAsync({ compress: true }) (node:zlib, parallel)")}, against numpy's \`savez_compressed\` at ${t(m, "numpy savez_compressed (to memory)")} and zlib alone, one member after the other, at ${t(m, "node:zlib deflateRawSync level 6 per member (native limit)")}. The async writer's advantage is the second core.`,
  7: (m) =>
    [
      `numpy's fixed-width strings stay bytes: \`np.load\` of <U16/S16 is one copy, \`np.save\` one write. \`parse(..., { strings: "fixed" })\` returns a \`FixedStrings\` over the same bytes that decodes an item only when it is read: a view (${t(m, 'npyio decode <U16 (parse, { strings: "fixed" }: a view, no copy)')} for <U16), or with \`copy: true\` one copy as numpy makes (${t(m, 'npyio decode <U16 (parse, { strings: "fixed", copy: true }: one copy, as np.load)')} for <U16, ${t(m, 'npyio decode S16 (parse, { strings: "fixed", copy: true }: one copy, as np.load)')} for S16); the verdicts compare that copy with numpy's.`,
      `\`string[]\` decode and encode stay far below numpy: one JS string per element, a heap allocation each (<U16 decode ${t(m, "npyio decode <U16 (parse)")}, \`toArray()\` of a \`FixedStrings\` ${t(m, "npyio FixedStrings → string[] <U16 (toArray)")}). The writeFile rows write a temporary file and rename it (the atomic contract), through fresh page-cache pages.`,
    ].join(" "),
  8: (m) =>
    `Struct columns are gathered a 32-bit or 16-bit word at a time where the field offset, the record size and the field size allow, and byte by byte otherwise: ${t(m, "npyio parse → columns")} against numpy's ${t(m, "numpy np.load + contiguous columns")} for \`np.load\` plus contiguous column copies (${r(m, "npyio parse → columns", "numpy np.load + contiguous columns")}). Most of what remains is fresh memory for six new columns.`,
  9: (m) => {
    const requests = m["HTTP requests"];
    const n = requests?.kind === "value" ? String(requests.value) : "(not measured)";
    return `readRows made ${n} requests: a 1 KiB probe for the header, then one Range request for exactly the rows' bytes. The only overhead over the rows is the probe beyond the header.`;
  },
  15: (m) => {
    const cli = "npyio convert in.npy out.npz --compress (the command, as a user runs it)";
    const huge = "npyio convert --compress with GLIBC_TUNABLES=glibc.malloc.hugetlb=1";
    const one = "npyio convert --compress with UV_THREADPOOL_SIZE=1 (deflate on one thread)";
    const numpy = "numpy savez_compressed (to a file, array loaded)";
    return [
      `The command's time includes Node's start and reading the file; numpy's is the \`savez_compressed\` call alone, the array already loaded. The member is deflated in 1 MiB blocks on the thread pool (pigz-style, each block primed with the previous one's last 32 KiB), one raw deflate stream numpy reads: ${t(m, cli)} against numpy's ${t(m, numpy)} (${r(m, cli, numpy)}; CPU time ${cpuR(m, cli, numpy)}: the blocks do numpy's work, on more cores), and ${t(m, one)} with one thread-pool thread (${r(m, one, cli)} the parallel run).`,
      `With \`GLIBC_TUNABLES=${HUGE}\` the command took ${t(m, huge)} (${r(m, huge, cli)}; CPU time ${cpuR(m, huge, cli)}). The command holds a few 1 MiB blocks at a time, below the 2 MiB of a huge page, so the bin does not set it: a difference here is the machine's load, until a quiet run shows otherwise.`,
    ].join(" ");
  },
  14: (m) => {
    // the probe's keys are "<slice name>: <what>"; find each slice by the start of its name
    const find = (start: string, what: string) => {
      const hit = Object.entries(m).find(([k]) => k.startsWith(start) && k.endsWith(`: ${what}`))?.[1];
      return hit?.kind === "value" ? hit.value : undefined;
    };
    const n = (v: number | undefined) => (v === undefined ? "(not measured)" : String(v));
    const b = (v: number | undefined) => (v === undefined ? "(not measured)" : fmtBytes(v));
    const ms = (v: number | undefined) => (v === undefined ? "(not measured)" : fmtMs(v));
    const rows = "C order a[";
    const strided = "C order a[:, 7], default";
    const merged = "C order a[:, 7], coalesceGap";
    const fortran = "Fortran order";
    return [
      `A block of rows of a C-order file is one run: one Range request of exactly its ${b(find(rows, "selected bytes"))}. A column of a C-order file is one run of 4 bytes per row, 64 KiB apart: read run by run it costs ${n(find(strided, "HTTP requests"))} requests but only ${b(find(strided, "bytes sent"))} of bodies (${b(find(strided, "bytes on the wire"))} on the wire with the HTTP headers of every request; one call took ${ms(find(strided, "one slice"))}); with \`coalesceGap\` at 64 KiB the runs merge into one request of ${b(find(merged, "bytes sent"))} (${ms(find(merged, "one slice"))}). Merging trades bytes for requests: between the two, no \`coalesceGap\` helps, as every gap is the same 64 KiB.`,
      `The same column of a Fortran-order file is one run: ${n(find(fortran, "HTTP requests"))} requests, ${b(find(fortran, "bytes sent"))} in all. The loopback server (sirv) runs in the benchmark's own process, so its time is in every wall time here, and so is the machine's load.`,
    ].join(" ");
  },
};
