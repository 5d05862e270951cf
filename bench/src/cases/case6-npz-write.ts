import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { parseNpy as numpyTsParseNpy, serializeNpz as numpyTsSerializeNpz } from "numpy-ts";
import { type BenchCase, fmtBytes, timeRatioVerdict, type Verdict } from "../bench-case.js";
import { readBytes } from "../file-streams.js";
import type { Measurement } from "../measurement.js";
import { npyDataOffset } from "../npy-layout.js";
import { npyioArray } from "../npyio-arrays.js";

type SaveNpz = (
  arrays: Record<string, unknown>,
  options: { compress: boolean },
) => Uint8Array | Promise<Uint8Array>;

const names6 = {
  deflate: "node:zlib deflateRawSync level 6 per member (native limit)",
  npyio: "npyio saveNpz({ compress: true })",
  numpyTs: "numpy-ts serializeNpz({ compress: true }) (peer)",
  numpy: "numpy savez_compressed (to memory)",
};

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
    const saveNpz = api.get<SaveNpz>("saveNpz", ["npyio", "@npyio/npz"]);
    const arrA = npyioArray(api, "<f4", a, [count]);
    const arrB = npyioArray(api, "<i4", b, [count]);
    const npTsArrays = { a: numpyTsParseNpy(aFile), b: numpyTsParseNpy(bFile) };
    const npyioTask =
      saveNpz && "array" in arrA && "array" in arrB
        ? {
            name: names6.npyio,
            fn: () => saveNpz({ a: arrA.array, b: arrB.array }, { compress: true }),
            check: (out: unknown) => (sizeOf(out) > 0 ? undefined : "saveNpz returned no bytes"),
            bytes,
          }
        : {
            name: names6.npyio,
            missing: saveNpz
              ? "missing" in arrA
                ? arrA.missing
                : ""
              : api.missing("saveNpz", ["npyio", "@npyio/npz"]),
          };
    return {
      tasks: [
        {
          name: names6.deflate,
          fn: () => [deflateRawSync(aFile, { level: 6 }), deflateRawSync(bFile, { level: 6 })],
          bytes,
        },
        npyioTask,
        { name: names6.numpyTs, fn: () => numpyTsSerializeNpz(npTsArrays, { compress: true }), bytes },
      ],
      async probes(): Promise<Record<string, Measurement>> {
        const out: Record<string, Measurement> = {};
        const sizes = async (name: string, fn: () => unknown) => {
          out[`${name}: output size`] = { kind: "value", value: sizeOf(await fn()), unit: "bytes" };
        };
        await sizes(names6.numpyTs, () => numpyTsSerializeNpz(npTsArrays, { compress: true }));
        if (npyioTask.fn) await sizes(names6.npyio, npyioTask.fn);
        return out;
      },
    };
  },
  evaluate(m): Verdict[] {
    const verdict = timeRatioVerdict(
      m,
      "saveNpz compressed ÷ numpy savez_compressed",
      "≤ 0.80×",
      names6.npyio,
      names6.numpy,
      { max: 0.8 },
      () =>
        "deflate at the same level is not faster than numpy's native zlib; only a faster deflate (native zlib, or both members in parallel) beats it",
    );
    const ours = m[`${names6.npyio}: output size`];
    const theirs = m[`${names6.numpy}: output size`];
    if (ours?.kind === "value" && theirs?.kind === "value") {
      verdict.detail += `; output ${fmtBytes(ours.value)} vs numpy ${fmtBytes(theirs.value)}`;
    }
    return [
      verdict,
      timeRatioVerdict(m, "saveNpz ÷ numpy-ts serializeNpz", "report", names6.npyio, names6.numpyTs, {}),
    ];
  },
};
