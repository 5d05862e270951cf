import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { parseNpy as numpyTsParseNpy, serializeNpz as numpyTsSerializeNpz } from "numpy-ts";
import {
  type BenchCase,
  type BenchTask,
  fmtBytes,
  fmtMs,
  fmtRatio,
  timeRatioVerdict,
  type Verdict,
} from "../bench-case.js";
import { readBytes } from "../file-streams.js";
import type { Measurement } from "../measurement.js";
import { npyDataOffset } from "../npy-layout.js";
import type { EntryPoint } from "../npyio-api.js";
import { npyioArray } from "../npyio-arrays.js";

type SaveNpz = (
  arrays: Record<string, unknown>,
  options: { compress: boolean },
) => Uint8Array | Promise<Uint8Array>;

const nodeEntries = ["npyio/node", "@npyio/npz/node"] as const;

const names6 = {
  deflate: "node:zlib deflateRawSync level 6 per member (native limit)",
  npyio: "npyio saveNpz({ compress: true }) (sync, Node entry: node:zlib)",
  npyioPortable: "npyio saveNpz({ compress: true }) (sync, portable entry: fflate)",
  npyioAsync: "@npyio/npz/node saveNpzAsync({ compress: true }) (node:zlib, parallel)",
  numpyTs: "numpy-ts serializeNpz({ compress: true }) (peer)",
  numpy: "numpy savez_compressed (to memory)",
};

/**
 * `saveNpz` of @npyio/npz's portable entry (what a browser bundle gets: fflate), from the sources
 * measured: `npyio` itself resolves to the `node` condition's entry here, as for a Node user.
 */
async function portableSaveNpz(): Promise<SaveNpz | undefined> {
  const tsconfig = process.env.TSX_TSCONFIG_PATH ?? "";
  for (const root of [dirname(tsconfig), join(dirname(tsconfig), "..")]) {
    const entry = join(root, "packages/npz/src/index.ts");
    if (existsSync(entry)) return ((await import(entry)) as { saveNpz?: SaveNpz }).saveNpz;
  }
  return undefined;
}

function sizeOf(bytes: unknown): number {
  return ArrayBuffer.isView(bytes) ? bytes.byteLength : 0;
}

/** Case 6: writing the case 5 arrays as a compressed npz, in memory, ≤ 0.8× numpy. */
export const case6: BenchCase = {
  id: 6,
  title: "The same npz written compressed",
  numpy: true,
  memoryTasks: [],
  async run({ inputsDir, manifest, api }) {
    const aFile = readBytes(join(inputsDir, "npz-a.npy"));
    const bFile = readBytes(join(inputsDir, "npz-b.npy"));
    const count = manifest.params.npz_member_count;
    const a = new Float32Array(aFile.buffer, npyDataOffset(aFile), count);
    const b = new Int32Array(bFile.buffer, npyDataOffset(bFile), count);
    const bytes = 2 * count * 4;
    const arrA = npyioArray(api, "<f4", a, [count]);
    const arrB = npyioArray(api, "<i4", b, [count]);
    const npTsArrays = { a: numpyTsParseNpy(aFile), b: numpyTsParseNpy(bFile) };
    const saveNpzAsync = api.get<SaveNpz>("saveNpzAsync", [...nodeEntries]);
    const arrays = "array" in arrA && "array" in arrB ? { a: arrA.array, b: arrB.array } : undefined;
    const noArrays = "missing" in arrA ? arrA.missing : "";
    // the untimed first call's output size, for the report (no extra deflate runs)
    const sizes: Record<string, Measurement> = {};
    const checkFor = (name: string) => (out: unknown) => {
      sizes[`${name}: output size`] = { kind: "value", value: sizeOf(out), unit: "bytes" };
      return sizeOf(out) > 0 ? undefined : "no bytes returned";
    };
    // Node's `npyio` (the node export condition, as npyio/node re-exports it) and the portable entry a browser gets
    const saveNpzTask = (name: string, from: readonly EntryPoint[]): BenchTask => {
      const save = api.get<SaveNpz>("saveNpz", from);
      return save && arrays
        ? { name, fn: () => save(arrays, { compress: true }), check: checkFor(name), bytes }
        : { name, missing: save ? noArrays : api.missing("saveNpz", from) };
    };
    const npyioTask = saveNpzTask(names6.npyio, ["npyio"]);
    const portable = await portableSaveNpz();
    const portableTask: BenchTask =
      portable && arrays
        ? {
            name: names6.npyioPortable,
            fn: () => portable(arrays, { compress: true }),
            check: checkFor(names6.npyioPortable),
            bytes,
          }
        : {
            name: names6.npyioPortable,
            missing: portable ? noArrays : "the portable @npyio/npz entry is missing",
          };
    const npyioAsyncTask: BenchTask =
      saveNpzAsync && arrays
        ? {
            name: names6.npyioAsync,
            fn: () => saveNpzAsync(arrays, { compress: true }),
            check: checkFor(names6.npyioAsync),
            bytes,
          }
        : {
            name: names6.npyioAsync,
            missing: saveNpzAsync ? noArrays : api.missing("saveNpzAsync", [...nodeEntries]),
          };
    return {
      tasks: [
        {
          name: names6.deflate,
          fn: () => [deflateRawSync(aFile, { level: 6 }), deflateRawSync(bFile, { level: 6 })],
          bytes,
        },
        npyioTask,
        portableTask,
        npyioAsyncTask,
        {
          name: names6.numpyTs,
          fn: () => numpyTsSerializeNpz(npTsArrays, { compress: true }),
          check: checkFor(names6.numpyTs),
          bytes,
        },
      ],
      probes: async () => sizes,
    };
  },
  evaluate(m): Verdict[] {
    const native = m[names6.deflate];
    const numpy = m[names6.numpy];
    const why = () => {
      if (native?.kind !== "time" || numpy?.kind !== "time") {
        return "deflate at numpy's level on one core is not faster than numpy's zlib";
      }
      const r = native.medianMs / numpy.medianMs;
      return r <= 0.8
        ? `native zlib on one core (level 6) took ${fmtRatio(r)} numpy's time in this run, so the deflate engine is what's slow: fflate (JavaScript) instead of zlib`
        : `native zlib alone (level 6, one core) takes ${fmtMs(native.medianMs)} = ${fmtRatio(r)} numpy: at numpy's level, one core can't beat numpy by 20 %; only parallel deflate (members, or blocks of a member, on all cores) or a lower level can`;
    };
    const withSize = (v: Verdict, name: string): Verdict => {
      const ours = m[`${name}: output size`];
      const theirs = m[`${names6.numpy}: output size`];
      if (ours?.kind === "value" && theirs?.kind === "value") {
        v.detail += `; output ${fmtBytes(ours.value)} vs numpy ${fmtBytes(theirs.value)}`;
      }
      return v;
    };
    const target = (name: string, what: string) =>
      withSize(timeRatioVerdict(m, what, "≤ 0.80×", name, names6.numpy, { max: 0.8 }, why), name);
    return [
      target(names6.npyio, "saveNpz (sync, Node entry: node:zlib) ÷ numpy savez_compressed"),
      target(names6.npyioPortable, "saveNpz (sync, portable entry: fflate) ÷ numpy savez_compressed"),
      target(names6.npyioAsync, "saveNpzAsync (node:zlib) ÷ numpy savez_compressed"),
      timeRatioVerdict(
        m,
        "saveNpz (portable) ÷ numpy-ts serializeNpz",
        "report",
        names6.npyioPortable,
        names6.numpyTs,
        {},
      ),
    ];
  },
};
