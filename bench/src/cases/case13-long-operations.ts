import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchCase, fmtBytes, fmtMs, unavailable, type Verdict } from "../bench-case.js";
import { MiB } from "../config.js";
import { drain } from "../file-streams.js";
import { generatedNpyStream } from "../generated-npy-stream.js";
import type { Measurement } from "../measurement.js";

interface Writer {
  readable: ReadableStream<Uint8Array>;
  addStream(key: string, bytes: ReadableStream<Uint8Array>): Promise<void>;
  close(): Promise<void>;
}
type WriterCtor = new (options: { compress: boolean; codec?: unknown; signal?: AbortSignal }) => Writer;
type WriteNpzFile = (
  path: string,
  arrays: Record<string, unknown>,
  options: { compress: boolean; signal: AbortSignal },
) => Promise<void>;

const streamed = "NpzWriter.addStream, compress: true, node:zlib (1 GiB member)";
const LATENCY_TARGET_MS = 100;

/** Milliseconds from `controller.abort()` (after `delayMs`) to the rejection of `run(signal)`. */
async function abortLatency(
  run: (signal: AbortSignal) => Promise<unknown>,
  delayMs: number,
): Promise<Measurement> {
  const controller = new AbortController();
  const settled = run(controller.signal).then(
    () => "resolved",
    (err: unknown) => (err as { code?: string }).code ?? String(err),
  );
  await new Promise((r) => setTimeout(r, delayMs));
  const t0 = performance.now();
  controller.abort();
  const outcome = await settled;
  const ms = performance.now() - t0;
  if (outcome !== "ABORTED") return { kind: "failed", reason: `expected ABORTED, got ${outcome}` };
  return { kind: "value", value: ms, unit: "ms" };
}

/**
 * Case 13 (issue 16): every long operation stops within about 100 ms of an abort, and a streamed
 * member deflated by native zlib stays in bounded memory (≤ 64 MiB of growth for a 1 GiB member).
 */
export const case13: BenchCase = {
  id: 13,
  title: "Long operations: abort latency and bounded compression",
  numpy: false,
  memoryTasks: [streamed],
  async run({ manifest, api }) {
    const dataBytes = Math.max(4 * MiB, Math.floor((1024 * MiB * manifest.params.scale) / 4) * 4);
    const Writer = api.get<WriterCtor>("NpzWriter", ["npyio", "@npyio/npz"]);
    const nodeCodec = api.get<unknown>("nodeCodec", ["npyio/node", "@npyio/npz/node"]);
    const writeNpzFile = api.get<WriteNpzFile>("writeNpzFile", ["npyio/node", "@npyio/npz/node"]);
    const dir = mkdtempSync(join(tmpdir(), "bench-abort-"));
    const member = (n: number) => {
      // float32 data that deflates about 4:1, as real measurements do
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = Math.round(Math.sin(i) * 1000) / 8;
      return { data, shape: [n] };
    };
    const write = async (signal?: AbortSignal) => {
      const npz = new Writer!({ compress: true, codec: nodeCodec, ...(signal && { signal }) });
      const out = drain(npz.readable);
      await Promise.all([npz.addStream("x", generatedNpyStream(dataBytes)), npz.close(), out]);
    };
    return {
      tasks: [
        Writer && nodeCodec
          ? { name: streamed, fn: () => write(), bytes: dataBytes, iterations: 1 }
          : { name: streamed, missing: api.missing("NpzWriter", ["npyio", "@npyio/npz"]) },
      ],
      async probes() {
        const out: Record<string, Measurement> = {};
        if (writeNpzFile) {
          const arrays = { a: member(Math.floor((dataBytes / 4) * 0.4)) };
          out["writeNpzFile (400 MB × scale, compressed) aborted after 300 ms: ms to ABORTED"] =
            await abortLatency(
              (signal) => writeNpzFile(join(dir, "a.npz"), arrays, { compress: true, signal }),
              300,
            );
          out["files left in the directory after the aborted write"] = {
            kind: "value",
            value: readdirSync(dir).length,
            unit: "files",
          };
        }
        if (Writer && nodeCodec) {
          out["NpzWriter.addStream (1 GiB × scale) aborted after 300 ms: ms to ABORTED"] = await abortLatency(
            (signal) => write(signal),
            300,
          );
        }
        return out;
      },
      teardown: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  evaluate(m): Verdict[] {
    const verdicts: Verdict[] = [];
    const what = "NpzWriter.addStream peak RSS above baseline (node:zlib, compress: true)";
    const mem = m[`${streamed} (memory)`];
    const why = unavailable(`${streamed} (memory)`, mem);
    if (why !== undefined || mem?.kind !== "memory") {
      verdicts.push({ what, target: "≤ 64 MiB", value: "—", status: "not measured", detail: why });
    } else {
      const ok = mem.peakRssDelta <= 64 * MiB;
      verdicts.push({
        what,
        target: "≤ 64 MiB",
        value: fmtBytes(mem.peakRssDelta),
        status: ok ? "PASS" : "MISS",
        detail: `baseline ${fmtBytes(mem.baselineRss)}${ok ? "" : "; the deflater holds input it has not compressed"}`,
      });
    }
    for (const [key, value] of Object.entries(m)) {
      if (!key.endsWith("ms to ABORTED")) continue;
      const name = key.replace(": ms to ABORTED", "");
      if (value.kind !== "value") {
        verdicts.push({
          what: `${name}: abort → ABORTED`,
          target: `≤ ${LATENCY_TARGET_MS} ms`,
          value: "—",
          status: "not measured",
          detail: unavailable(key, value),
        });
        continue;
      }
      verdicts.push({
        what: `${name}: abort → ABORTED`,
        target: `≤ ${LATENCY_TARGET_MS} ms`,
        value: fmtMs(value.value),
        status: value.value <= LATENCY_TARGET_MS ? "PASS" : "MISS",
      });
    }
    const left = m["files left in the directory after the aborted write"];
    if (left?.kind === "value") {
      verdicts.push({
        what: "files left after an aborted writeNpzFile",
        target: "0",
        value: String(left.value),
        status: left.value === 0 ? "PASS" : "MISS",
      });
    }
    return verdicts;
  },
};
