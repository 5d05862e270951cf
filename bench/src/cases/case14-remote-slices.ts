import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { type BenchCase, fmtBytes, fmtMs, unavailable, type Verdict } from "../bench-case.js";
import { benchDir, scale } from "../config.js";
import type { Measurement, Measurements } from "../measurement.js";
import { startRangeServer } from "../range-server.js";

interface Plan {
  runs: number;
  requests: number;
  bytes: number;
  selectedBytes: number;
}
interface Reader {
  slice(...args: unknown[]): Promise<{ shape: number[]; data: Float32Array }>;
  plan(...args: unknown[]): Plan;
}
type HttpSource = (url: string) => unknown;
type OpenNpy = (source: unknown) => Promise<Reader>;

/** The side of the square <f4 array: 16384 (1 GiB) at scale 1, smaller for smoke runs. */
const side = Math.max(1024, Math.round((16384 * Math.sqrt(scale)) / 64) * 64);
/** The rows read: 5000:5100 at scale 1, at the same place in a smaller file. */
const row0 = side >= 5100 ? 5000 : Math.round((side * 5000) / 16384);
const WIDE_GAP = 64 << 10;

/** One slice the case measures: which file, the index, the options, and what it must hold. */
interface Slice {
  name: string;
  file: "slices-c.npy" | "slices-f.npy";
  args: unknown[];
  /** Element k of the result, from a[i, j] = i*side + j as the generator wrote it. */
  expect: (k: number) => number;
  length: number;
  /** Target on bytes ÷ (selected + header) and requests ≤ 1 + runs after merging; else reported. */
  judged: boolean;
  /**
   * Timed by tinybench; the slices of thousands of requests or a whole 1 GiB read are only run
   * once per round by the probe, which reports that one call's wall time.
   */
  timed: boolean;
}

const column = (k: number) => Math.fround(k * side + 7);
const slices: Slice[] = [
  {
    name: `C order a[${row0}:${row0 + 100}] (one run)`,
    file: "slices-c.npy",
    args: [[row0, row0 + 100]],
    expect: (k) => Math.fround((row0 + Math.floor(k / side)) * side + (k % side)),
    length: 100 * side,
    judged: true,
    timed: true,
  },
  {
    name: "C order a[:, 7], default coalesceGap (one read per row)",
    file: "slices-c.npy",
    args: [null, 7],
    expect: column,
    length: side,
    judged: true,
    timed: false,
  },
  {
    name: `C order a[:, 7], coalesceGap ${WIDE_GAP >> 10} KiB (runs merged into one read)`,
    file: "slices-c.npy",
    args: [null, 7, { coalesceGap: WIDE_GAP }],
    expect: column,
    length: side,
    judged: false,
    timed: false,
  },
  {
    name: "Fortran order a[:, 7] (one run)",
    file: "slices-f.npy",
    args: [null, 7],
    expect: column,
    length: side,
    judged: true,
    timed: true,
  },
];

const task = (s: Slice) => `npyio openNpy(httpSource) ${s.name}, fresh source`;
const key = (s: Slice, what: string) => `${s.name}: ${what}`;

function check(s: Slice) {
  return (result: unknown): string | undefined => {
    const data = (result as { data?: Float32Array }).data;
    if (!(data instanceof Float32Array)) return "the result has no Float32Array data";
    if (data.length !== s.length) return `expected ${s.length} elements, got ${data.length}`;
    for (const k of [0, 1, s.length >> 1, s.length - 1]) {
      if (data[k] !== s.expect(k)) return `element ${k} is ${data[k]}, expected ${s.expect(k)}`;
    }
    return undefined;
  };
}

/** Case 14: numpy-style slices of a 1 GiB remote float32 file, C and Fortran order, by Range requests. */
export const case14: BenchCase = {
  id: 14,
  title: `Remote slices of a ${side} × ${side} float32 file (\`openNpy\`) over loopback HTTP`,
  numpy: false,
  memoryTasks: [],
  async run({ inputsDir, api }) {
    const httpSource = api.get<HttpSource>("httpSource", ["npyio", "@npyio/stream"]);
    const openNpy = api.get<OpenNpy>("openNpy", ["@npyio/stream"]);
    if (!httpSource || !openNpy) {
      const why = api.missing(httpSource ? "openNpy" : "httpSource", ["@npyio/stream"]);
      return { tasks: slices.map((s) => ({ name: task(s), missing: why })) };
    }
    const dir = join(inputsDir, "slices");
    const gen = spawnSync(
      "python3",
      [join(benchDir, "py", "gen_slices.py"), dir, String(side), String(row0)],
      {
        encoding: "utf8",
      },
    );
    if (gen.status !== 0) throw new Error(`gen_slices.py failed: ${gen.stderr}`);
    const server = await startRangeServer(dir);
    const slice = async (s: Slice) => (await openNpy(httpSource(server.url(s.file)))).slice(...s.args);
    return {
      tasks: slices
        .filter((s) => s.timed)
        .map((s) => ({ name: task(s), fn: () => slice(s), check: check(s), bytes: s.length * 4 })),
      async probes(): Promise<Record<string, Measurement>> {
        const out: Record<string, Measurement> = {};
        for (const s of slices) {
          server.reset();
          const reader = await openNpy(httpSource(server.url(s.file)));
          const header = server.traffic().bodyBytes;
          const start = performance.now();
          const result = await reader.slice(...s.args);
          const ms = performance.now() - start;
          const wrong = check(s)(result);
          if (wrong) out[key(s, "result")] = { kind: "failed", reason: wrong };
          const plan = reader.plan(...s.args);
          // let the sockets report what they wrote
          await new Promise((r) => setTimeout(r, 50));
          const t = server.traffic();
          const value = (v: number, unit = "") => ({ kind: "value" as const, value: v, unit });
          out[key(s, "header bytes")] = value(header, "bytes");
          out[key(s, "bytes sent")] = value(t.bodyBytes, "bytes");
          out[key(s, "bytes on the wire")] = value(t.wireBytes, "bytes");
          out[key(s, "HTTP requests")] = value(t.requests);
          out[key(s, "selected bytes")] = value(plan.selectedBytes, "bytes");
          out[key(s, "runs")] = value(plan.runs);
          out[key(s, "planned reads")] = value(plan.requests);
          out[key(s, "one slice")] = value(Math.round(ms), "ms");
        }
        return out;
      },
      teardown: () => server.close(),
    };
  },
  evaluate(m: Measurements): Verdict[] {
    return slices.map((s) => {
      const get = (what: string) => {
        const v = m[key(s, what)];
        return v?.kind === "value" ? v.value : undefined;
      };
      const [header, sent, wire, requests, selected, runs, reads] = [
        "header bytes",
        "bytes sent",
        "bytes on the wire",
        "HTTP requests",
        "selected bytes",
        "runs",
        "planned reads",
      ].map(get);
      const target = s.judged
        ? "bytes ≤ 1.05× selected + header; requests ≤ 1 + runs after merging"
        : "report";
      const why =
        (s.timed ? unavailable(task(s), m[task(s)]) : undefined) ??
        unavailable(key(s, "result"), m[key(s, "result")] ?? { kind: "value", value: 0, unit: "" });
      if (why || [header, sent, requests, selected, runs, reads].includes(undefined)) {
        return { what: s.name, target, value: "—", status: "not measured", detail: why ?? "no probe" };
      }
      const ratio = (sent! - header!) / selected!;
      const ok = sent! <= 1.05 * selected! + header! && requests! <= 1 + reads!;
      const t = m[task(s)];
      const parts = [
        `${fmtBytes(sent!)} sent (${fmtBytes(header!)} of it the header read) for ${fmtBytes(selected!)} selected, in ${runs} run${runs === 1 ? "" : "s"}`,
        `${requests} requests (1 header + ${reads} planned reads)`,
      ];
      if (wire !== undefined) parts.push(`${fmtBytes(wire)} on the wire with HTTP headers`);
      const once = get("one slice");
      if (t?.kind === "time") parts.push(`${fmtMs(t.medianMs)} per slice (open included)`);
      else if (once !== undefined)
        parts.push(`${fmtMs(once)} for one slice (the probe's single call, not timed)`);
      return {
        what: `${s.name}: bytes after the header ÷ selected bytes, requests`,
        target,
        value: `${ratio.toFixed(3)}×, ${requests} requests`,
        status: s.judged ? (ok ? "PASS" : "MISS") : "report",
        detail: parts.join("; "),
      };
    });
  },
};
