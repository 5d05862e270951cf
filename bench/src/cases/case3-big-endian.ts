import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNpy as numpyTsParseNpy } from "numpy-ts";
import {
  type BenchCase,
  fmtBytes,
  fmtMs,
  fmtRatio,
  hugePages,
  timeRatioVerdict,
  unavailable,
  type Verdict,
} from "../bench-case.js";
import { expectElements } from "../checks.js";
import { readBytes } from "../file-streams.js";
import { npyElementAt } from "../npy-layout.js";
import { resolveParse } from "../npyio-parse.js";
import { names, npyioFileTasks } from "./case2-file-to-array.js";

const be = " >f8";
const le = " <f4 (case 2 file)";
const raw = "readFileSync >f8 (raw limit)";
const numpyTs = "numpy-ts readFileSync + parseNpy >f8 (peer)";
const parseBe = "npyio parse >f8 bytes in memory (copy + swap)";
const swapBe = "npyio parse >f8 bytes in memory, { inPlace: true } (the swap alone)";
const kernelRam =
  "byteSwap 256 MiB in place, 8-byte units (Wasm SIMD kernel where the runtime has it; from memory)";
const kernelCache =
  "byteSwap 1 MiB in place, 8-byte units (Wasm SIMD kernel where the runtime has it; in cache)";

/** Case 3: a 256 MiB >f8 file to a native-order Float64Array costs ≤ 1.15× case 2, in one buffer. */
export const case3: BenchCase = {
  id: 3,
  title: "256 MiB `>f8` file → array (byte swap)",
  numpy: true,
  memoryTasks: [names.npyioFile + be, names.npyioFile + le, names.npyioStream + be, names.npyioBlob + be],
  hugePageTasks: [names.npyioFile + be, names.npyioFile + le],
  async run({ inputsDir, manifest, api }) {
    const bePath = join(inputsDir, "f8be.npy");
    const lePath = join(inputsDir, "f4.npy");

    const nBe = manifest.params.f8_count;
    const lastBe = npyElementAt(bePath, nBe - 1, 8).getFloat64(0, false);
    const nLe = manifest.params.f4_count;
    const lastLe = npyElementAt(lePath, nLe - 1, 4).getFloat32(0, true);
    const size = manifest.files["f8be.npy"]!;
    const { parse, parseMissing } = resolveParse(api);
    const beBytes = parse ? readBytes(bePath) : new Uint8Array(0);
    const byteSwap = api.get<(b: Uint8Array, w: number) => Uint8Array>("byteSwap", ["npyio", "@npyio/dtype"]);
    const small = new Uint8Array(1 << 20).fill(3);
    const swapTask = (name: string, bytes: Uint8Array, fn: () => unknown) =>
      byteSwap
        ? { name, fn, bytes: bytes.length }
        : { name, missing: api.missing("byteSwap", ["npyio", "@npyio/dtype"]) };
    return {
      tasks: [
        { name: raw, fn: () => readFileSync(bePath), bytes: size },
        ...npyioFileTasks(api, bePath, size, expectElements(nBe, nBe - 1, lastBe), be),
        // the case 2 reference, timed in the same process and round
        ...npyioFileTasks(api, lePath, manifest.files["f4.npy"]!, expectElements(nLe, nLe - 1, lastLe), le),
        { name: numpyTs, fn: () => numpyTsParseNpy(readFileSync(bePath)), bytes: size },
        parse
          ? {
              name: parseBe,
              fn: () => parse(beBytes),
              check: expectElements(nBe, nBe - 1, lastBe),
              bytes: size,
            }
          : { name: parseBe, missing: parseMissing },
        parse
          ? {
              name: swapBe,
              // swaps beBytes back and forth: the values alternate, the work per call is the same
              fn: () => (parse as (b: Uint8Array, o: object) => unknown)(beBytes, { inPlace: true }),
              bytes: size,
            }
          : { name: swapBe, missing: parseMissing },
        // swaps back and forth, like the row above: the same work per call
        swapTask(kernelRam, beBytes, () => byteSwap!(beBytes, 8)),
        swapTask(kernelCache, new Uint8Array(64 << 20), () => {
          for (let i = 0; i < 64; i++) byteSwap!(small, 8);
        }),
      ],
    };
  },
  evaluate(m, ctx): Verdict[] {
    const verdicts: Verdict[] = [];
    for (const path of [names.npyioFile, names.npyioStream, names.npyioBlob]) {
      verdicts.push(
        timeRatioVerdict(
          m,
          `${path} >f8 ÷ the same <f4 (case 2)`,
          "≤ 1.15×",
          path + be,
          path + le,
          { max: 1.15 },
          () => "the byte swap costs more than 15% of the read: too slow, or an extra pass over the data",
        ),
      );
    }
    verdicts.push(
      timeRatioVerdict(
        m,
        "npyio/node readFile >f8 ÷ the same <f4 (case 2), Node started with glibc.malloc.hugetlb=1",
        "≤ 1.15×",
        hugePages(names.npyioFile + be),
        hugePages(names.npyioFile + le),
        { max: 1.15 },
        () =>
          "the byte swap, a second pass over the array after the read, costs more than 15% of a huge-page read",
      ),
    );
    // peak memory of a big-endian read: one buffer of the array's size, not two
    for (const task of [names.npyioStream + be, names.npyioBlob + be]) {
      const what = `${task}: peak RSS growth ÷ array size`;
      const mem = m[`${task} (memory)`];
      const why = unavailable(`${task} (memory)`, mem);
      const size = ctx.manifest.files["f8be.npy"]!;
      if (why !== undefined || mem?.kind !== "memory") {
        verdicts.push({ what, target: "≤ 1.25×", value: "—", status: "not measured", detail: why });
        continue;
      }
      const ratio = mem.peakRssDelta / size;
      verdicts.push({
        what,
        target: "≤ 1.25×",
        value: fmtRatio(ratio),
        status: ratio <= 1.25 ? "PASS" : "MISS",
        detail: `${fmtBytes(mem.peakRssDelta)} above the baseline for ${fmtBytes(size)} of data${ratio <= 1.25 ? "" : "; more than the one buffer of the array is alive at the peak (held chunks, or a second buffer for the swap)"}`,
      });
    }
    // swap throughput: in place it is the swap alone; parse of the bytes in memory is copy + swap
    for (const [task, what, how] of [
      [kernelRam, "byteSwap throughput, 256 MiB in place (from memory)", "the kernel alone"],
      [kernelCache, "byteSwap throughput, 1 MiB in place, 64 times (in cache)", "the kernel alone"],
      [
        swapBe,
        "byte swap in memory: parse(>f8 bytes, { inPlace: true }) throughput",
        "the swap alone, in place",
      ],
      [
        parseBe,
        "byte swap in memory: parse(>f8 bytes) throughput",
        "a copy into fresh memory, then the swap",
      ],
    ] as const) {
      const p = m[task];
      const why = unavailable(task, p);
      if (why !== undefined || p?.kind !== "time" || p.bytes === undefined) {
        verdicts.push({ what, target: "≥ 1 GB/s", value: "—", status: "not measured", detail: why });
        continue;
      }
      const rate = p.bytes / 1e9 / (p.medianMs / 1000);
      // one thread's work: its CPU time is its cost when other jobs share the cores
      const cpuRate = p.cpuMs ? p.bytes / 1e9 / (p.cpuMs / 1000) : undefined;
      verdicts.push({
        what,
        target: "≥ 1 GB/s",
        value: `${rate.toFixed(2)} GB/s`,
        status: rate >= 1 ? "PASS" : "MISS",
        detail: `${fmtMs(p.medianMs)} for ${(p.bytes / 1e6).toFixed(0)} MB (${how})${cpuRate === undefined ? "" : `; on CPU time ${cpuRate.toFixed(2)} GB/s`}${rate >= 1 ? "" : "; below 1 GB/s on the wall clock: waiting for a core on a loaded machine, or fresh pages slow to fault in (case 2's fresh-memory row)"}`,
        ...(cpuRate === undefined
          ? {}
          : { cpu: { value: `${cpuRate.toFixed(2)} GB/s`, status: cpuRate >= 1 ? "PASS" : "MISS" } }),
      });
    }
    return verdicts;
  },
};
