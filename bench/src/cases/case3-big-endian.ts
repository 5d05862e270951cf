import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNpy as numpyTsParseNpy } from "numpy-ts";
import { type BenchCase, fmtMs, timeRatioVerdict, unavailable, type Verdict } from "../bench-case.js";
import { expectElements } from "../checks.js";
import { npyElementAt } from "../npy-layout.js";
import { names, npyioFileTasks } from "./case2-file-to-array.js";

const be = " >f8";
const le = " <f4 (case 2 file)";
const raw = "readFileSync >f8 (raw limit)";
const numpyTs = "numpy-ts readFileSync + parseNpy >f8 (peer)";

/** Case 3: a 256 MiB >f8 file to a native-order Float64Array costs ≤ 1.3× case 2. */
export const case3: BenchCase = {
  id: 3,
  title: "256 MiB `>f8` file → array (byte swap)",
  numpy: true,
  memoryTasks: [names.npyioFile + be],
  async run({ inputsDir, manifest, api }) {
    const bePath = join(inputsDir, "f8be.npy");
    const lePath = join(inputsDir, "f4.npy");

    const nBe = manifest.params.f8_count;
    const lastBe = npyElementAt(bePath, nBe - 1, 8).getFloat64(0, false);
    const nLe = manifest.params.f4_count;
    const lastLe = npyElementAt(lePath, nLe - 1, 4).getFloat32(0, true);
    const size = manifest.files["f8be.npy"]!;
    return {
      tasks: [
        { name: raw, fn: () => readFileSync(bePath), bytes: size },
        ...npyioFileTasks(api, bePath, size, expectElements(nBe, nBe - 1, lastBe), be),
        // the case 2 reference, timed in the same process and round
        ...npyioFileTasks(api, lePath, manifest.files["f4.npy"]!, expectElements(nLe, nLe - 1, lastLe), le),
        { name: numpyTs, fn: () => numpyTsParseNpy(readFileSync(bePath)), bytes: size },
      ],
    };
  },
  evaluate(m): Verdict[] {
    const verdicts: Verdict[] = [];
    for (const path of [names.npyioFile, names.npyioStream, names.npyioBlob]) {
      verdicts.push(
        timeRatioVerdict(
          m,
          `${path} >f8 ÷ the same <f4 (case 2)`,
          "≤ 1.30×",
          path + be,
          path + le,
          { max: 1.3 },
          () => "the byte swap is slower than 1 GB/s, or done as an extra pass over the data",
        ),
      );
    }
    // swap throughput: what the helper adds over a raw read of the same file
    const what = "byte-swap rate (helper >f8 − readFileSync >f8)";
    const why = unavailable(names.npyioFile + be, m[names.npyioFile + be]) ?? unavailable(raw, m[raw]);
    const a = m[names.npyioFile + be];
    const r = m[raw];
    if (why !== undefined || a?.kind !== "time" || r?.kind !== "time" || a.bytes === undefined) {
      verdicts.push({ what, target: "≥ 1 GB/s", value: "—", status: "not measured", detail: why });
    } else {
      const extra = a.medianMs - r.medianMs;
      const rate = extra > 0 ? a.bytes / 1e9 / (extra / 1000) : Number.POSITIVE_INFINITY;
      verdicts.push({
        what,
        target: "≥ 1 GB/s",
        value: Number.isFinite(rate) ? `${rate.toFixed(2)} GB/s` : "no measurable cost",
        status: rate >= 1 ? "PASS" : "MISS",
        detail: `${fmtMs(a.medianMs)} − ${fmtMs(r.medianMs)} for ${(a.bytes / 1e6).toFixed(0)} MB`,
      });
    }
    return verdicts;
  },
};
