import { join } from "node:path";
import { parse as npyjsParse } from "npyjs";
import { type BenchCase, type BenchTask, fmtMs, unavailable, type Verdict } from "../bench-case.js";
import { expectElements } from "../checks.js";
import { readBytes } from "../file-streams.js";
import type { Measurement } from "../measurement.js";
import { npyDataOffset } from "../npy-layout.js";
import { resolveParse } from "../npyio-parse.js";

const big = "npyio parse 256 MiB <f4";
const small = "npyio parse 1 KiB <f4";
const npyjs = "npyjs parse 256 MiB <f4 (peer)";
const isView = "npyio parse returns a view of the input";
export const via = "npyio implementation measured";

/** Case 1: parsing an in-memory 256 MiB <f4 must be O(1): the data is a view, not a copy. */
export const case1: BenchCase = {
  id: 1,
  title: "256 MiB `<f4` in memory, `parse`",
  numpy: false,
  memoryTasks: [],
  async run({ inputsDir, manifest, api }) {
    const bigBytes = readBytes(join(inputsDir, "f4.npy"));
    const smallBytes = readBytes(join(inputsDir, "f4-small.npy"));
    const n = manifest.params.f4_count;
    const last = new DataView(bigBytes.buffer).getFloat32(npyDataOffset(bigBytes) + (n - 1) * 4, true);
    const fast = { iterations: 2000, timeMs: 300 };
    const tasks: BenchTask[] = [
      {
        name: npyjs,
        fn: () => npyjsParse(bigBytes.buffer as ArrayBuffer),
        check: expectElements(n, n - 1, last),
        ...fast,
      },
    ];
    const { parse, via: how, parseMissing } = resolveParse(api);
    if (!parse)
      return {
        tasks: [...tasks, { name: big, missing: parseMissing }, { name: small, missing: parseMissing }],
      };
    tasks.push(
      { name: big, fn: () => parse(bigBytes), check: expectElements(n, n - 1, last), ...fast },
      { name: small, fn: () => parse(smallBytes), ...fast },
    );
    return {
      tasks,
      async probes(): Promise<Record<string, Measurement>> {
        const data = parse(bigBytes).data;
        const view = ArrayBuffer.isView(data) && data.buffer === bigBytes.buffer;
        return {
          [isView]: { kind: "value", value: view ? 1 : 0, unit: "bool" },
          [via]: { kind: "note", text: how },
        };
      },
    };
  },
  evaluate(m): Verdict[] {
    const what = "parse 256 MiB ÷ parse 1 KiB, and the data is a view";
    const target = "O(1): a view, ≤ 2× the 1 KiB parse";
    const why = unavailable(big, m[big]) ?? unavailable(small, m[small]);
    const a = m[big];
    const b = m[small];
    const v = m[isView];
    if (why !== undefined || a?.kind !== "time" || b?.kind !== "time" || v?.kind !== "value") {
      return [{ what, target, value: "—", status: "not measured", detail: why ?? "no timing" }];
    }
    const ratio = a.medianMs / b.medianMs;
    const view = v.value === 1;
    const ok = view && ratio <= 2;
    const peer = m[npyjs];
    const how = m[via];
    let detail = `${fmtMs(a.medianMs)} vs ${fmtMs(b.medianMs)}, ${view ? "a view" : "NOT a view (copies)"}`;
    if (peer?.kind === "time") detail += `; npyjs parse ${fmtMs(peer.medianMs)}`;
    if (how?.kind === "note") detail += `; measured: ${how.text}`;
    if (!ok) {
      detail += view
        ? "; the time grows with size although the data is a view: something scans the data"
        : "; parse copies the data: a native-endian aligned array must be a view of the input (ARCHITECTURE: zero-copy where safe)";
    }
    return [{ what, target, value: `${ratio.toFixed(2)}×`, status: ok ? "PASS" : "MISS", detail }];
  },
};
