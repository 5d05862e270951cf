import { join } from "node:path";
import { type BenchCase, type BenchTask, fmtMs, timeRatioVerdict, type Verdict } from "../bench-case.js";
import { describe } from "../checks.js";
import { readBytes } from "../file-streams.js";
import type { Measurement } from "../measurement.js";
import { resolveParse } from "../npyio-parse.js";
import { via } from "./case1-parse-view.js";

const fields = ["id", "x", "y", "z", "flag", "label"];
const npyio = "npyio parse → columns";
const numpyRecords = "numpy np.load (records)";
const numpyColumns = "numpy np.load + contiguous columns";

/** Case 8: 1 M records × 6 fields to one array per field, reported against numpy. */
export const case8: BenchCase = {
  id: 8,
  title: "Structured array, 1 M records × 6 fields → columns",
  numpy: true,
  memoryTasks: [],
  async run({ inputsDir, manifest, api }) {
    const bytes = readBytes(join(inputsDir, "struct.npy"));
    const count = manifest.params.struct_count;
    const { parse, via: how, parseMissing } = resolveParse(api);
    const task: BenchTask = parse
      ? {
          name: npyio,
          fn: () => parse(bytes),
          bytes: count * 32,
          check: (r) => {
            const data = (r as { data?: unknown }).data;
            if (
              typeof data !== "object" ||
              data === null ||
              ArrayBuffer.isView(data) ||
              Array.isArray(data)
            ) {
              return `expected an object of columns, got ${describe(data)}`;
            }
            for (const f of fields) {
              const col = (data as Record<string, { length?: number }>)[f];
              if (col?.length !== count)
                return `column ${f} has ${col?.length ?? "no"} elements, expected ${count}`;
            }
            return undefined;
          },
        }
      : { name: npyio, missing: parseMissing };
    return {
      tasks: [task],
      async probes(): Promise<Record<string, Measurement>> {
        return { [via]: { kind: "note", text: how } };
      },
    };
  },
  evaluate(m): Verdict[] {
    const v = timeRatioVerdict(
      m,
      "parse → columns ÷ numpy np.load + contiguous columns",
      "report",
      npyio,
      numpyColumns,
      {},
    );
    const rec = m[numpyRecords];
    if (rec?.kind === "time")
      v.detail += `; numpy np.load alone (record array, no columns) ${fmtMs(rec.medianMs)}`;
    const how = m[via];
    if (how?.kind === "note" && how.text !== "npyio parse/save") v.detail += `; measured: ${how.text}`;
    return [v];
  },
};
