import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { type BenchCase, fmtBytes, fmtMs, unavailable, type Verdict } from "../bench-case.js";
import { expectElements } from "../checks.js";
import type { Measurement } from "../measurement.js";
import { npyDataOffset, npyElementAt } from "../npy-layout.js";
import { startRangeServer } from "../range-server.js";

type HttpSource = (url: string) => unknown;
type ReadRows = (source: unknown, start: number, end: number) => Promise<unknown>;

const rowsToRead = 1000;
const task = "npyio readRows(httpSource) 1000 rows, fresh source";
const body = "bytes sent: response bodies";
const wire = "bytes sent: on the wire (with HTTP headers)";
const requests = "HTTP requests";
const log = "requests made";
const want = "rows' bytes + header";

/** Case 9: 1000 rows of a 1 GiB file over loopback HTTP fetch ≤ 1.01× the rows plus the header. */
export const case9: BenchCase = {
  id: 9,
  title: "Remote `readRows`, 1000 rows of a 1 GiB file over loopback HTTP",
  numpy: false,
  memoryTasks: [],
  async run({ inputsDir, manifest, api }) {
    const httpSource = api.get<HttpSource>("httpSource", ["npyio", "@npyio/stream"]);
    const readRows = api.get<ReadRows>("readRows", ["npyio", "@npyio/stream"]);
    if (!httpSource || !readRows) {
      const why = [
        httpSource ? "" : api.missing("httpSource", ["npyio", "@npyio/stream"]),
        readRows ? "" : api.missing("readRows", ["npyio", "@npyio/stream"]),
      ]
        .filter(Boolean)
        .join("; ");
      return { tasks: [{ name: task, missing: why }] };
    }
    const { rows_count: rows, rows_width: width } = manifest.params;
    const start = Math.floor(rows / 2);
    const end = start + rowsToRead;
    // expected value of the last element read, from the file itself (only its head and that row)
    const path = join(inputsDir, "rows.npy");
    const head = new Uint8Array(12);
    const fd = openSync(path, "r");
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const dataOffset = npyDataOffset(head);
    const last = npyElementAt(path, end * width - 1, 4).getFloat32(0, true);
    const server = await startRangeServer(inputsDir);
    const url = server.url("rows.npy");
    return {
      tasks: [
        {
          name: task,
          fn: () => readRows(httpSource(url), start, end),
          check: expectElements(rowsToRead * width, rowsToRead * width - 1, last),
          bytes: rowsToRead * width * 4,
        },
      ],
      async probes(): Promise<Record<string, Measurement>> {
        server.reset();
        await readRows(httpSource(url), start, end);
        // let the sockets report what they wrote
        await new Promise((r) => setTimeout(r, 50));
        const t = server.traffic();
        return {
          [body]: { kind: "value", value: t.bodyBytes, unit: "bytes" },
          [wire]: { kind: "value", value: t.wireBytes, unit: "bytes" },
          [requests]: { kind: "value", value: t.requests, unit: "" },
          [want]: { kind: "value", value: rowsToRead * width * 4 + dataOffset, unit: "bytes" },
          [log]: { kind: "note", text: t.log.join(", ") },
        };
      },
      teardown: () => server.close(),
    };
  },
  evaluate(m): Verdict[] {
    const what = "bytes transferred ÷ (rows' bytes + header)";
    const why = unavailable(body, m[body]) ?? unavailable(task, m[task]);
    const b = m[body];
    const w = m[want];
    if (why !== undefined || b?.kind !== "value" || w?.kind !== "value") {
      return [{ what, target: "≤ 1.01×", value: "—", status: "not measured", detail: why }];
    }
    const ratio = b.value / w.value;
    const ok = ratio <= 1.01;
    const parts = [`${fmtBytes(b.value)} sent for ${fmtBytes(w.value)}`];
    const n = m[requests];
    const l = m[log];
    const wi = m[wire];
    if (n?.kind === "value") parts.push(`${n.value} requests${l?.kind === "note" ? ` (${l.text})` : ""}`);
    if (wi?.kind === "value") parts.push(`${fmtBytes(wi.value)} on the wire with HTTP headers`);
    const t = m[task];
    if (t?.kind === "time") parts.push(`${fmtMs(t.medianMs)} per call`);
    if (!ok)
      parts.push(
        "the source fetches more than the header and the rows (a large header probe, or a whole-file fallback)",
      );
    return [
      {
        what,
        target: "≤ 1.01×",
        value: `${ratio.toFixed(3)}×`,
        status: ok ? "PASS" : "MISS",
        detail: parts.join("; "),
      },
    ];
  },
};
