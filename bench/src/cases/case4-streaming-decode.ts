import { type BenchCase, fmtBytes, timeRatioVerdict, unavailable, type Verdict } from "../bench-case.js";
import { MiB } from "../config.js";
import { drain } from "../file-streams.js";
import { generatedNpyStream } from "../generated-npy-stream.js";

type DecoderCtor = new () => TransformStream<Uint8Array, unknown>;

// a reference, not a lower bound: the decoder's time can come out below it (one run to the next, the
// collector and the machine's load move both by more than their difference)
const raw = "raw read-through of the generated stream (reference)";
const npyio = "npyio NpyDecoderStream";

/** Case 4: decoding a 1 GiB stream runs at ≥ 0.9× a raw read-through, in bounded memory. */
export const case4: BenchCase = {
  id: 4,
  title: "Streaming decode of a 1 GiB generated stream",
  numpy: false,
  memoryTasks: [raw, npyio],
  async run({ manifest, api }) {
    // 1 GiB × scale, a whole number of float32
    const dataBytes = Math.max(4 * MiB, Math.floor((1024 * MiB * manifest.params.scale) / 4) * 4);
    const Decoder = api.get<DecoderCtor>("NpyDecoderStream", ["npyio", "@npyio/stream"]);
    const check = (n: unknown) =>
      n === dataBytes ? undefined : `the decoder emitted ${String(n)} data bytes, expected ${dataBytes}`;
    return {
      tasks: [
        { name: raw, fn: () => drain(generatedNpyStream(dataBytes)), bytes: dataBytes },
        Decoder
          ? {
              name: npyio,
              fn: () => drain(generatedNpyStream(dataBytes).pipeThrough(new Decoder())),
              check,
              bytes: dataBytes,
            }
          : { name: npyio, missing: api.missing("NpyDecoderStream", ["npyio", "@npyio/stream"]) },
      ],
    };
  },
  evaluate(m): Verdict[] {
    // throughput ratio ≥ 0.9 ⇔ time ratio (npyio / raw) ≤ 1 / 0.9
    const speed = timeRatioVerdict(
      m,
      "decode throughput ÷ raw read-through throughput",
      "≥ 0.90×",
      raw,
      npyio,
      { min: 0.9 },
      () =>
        "the decoder adds per-chunk work (copies, re-chunking, promise hops) beyond passing bytes through",
    );
    const what = "decoder peak RSS above baseline";
    const why = unavailable(`${npyio} (memory)`, m[`${npyio} (memory)`]);
    const mem = m[`${npyio} (memory)`];
    const rawMem = m[`${raw} (memory)`];
    let memVerdict: Verdict;
    if (why !== undefined || mem?.kind !== "memory") {
      memVerdict = { what, target: "< 64 MiB", value: "—", status: "not measured", detail: why };
    } else {
      const ok = mem.peakRssDelta < 64 * MiB;
      const rawText = rawMem?.kind === "memory" ? `; raw read-through: ${fmtBytes(rawMem.peakRssDelta)}` : "";
      memVerdict = {
        what,
        target: "< 64 MiB",
        value: fmtBytes(mem.peakRssDelta),
        status: ok ? "PASS" : "MISS",
        detail: `baseline ${fmtBytes(mem.baselineRss)}${rawText}${ok ? "" : "; the decoder buffers data instead of passing chunks on (no backpressure, or it accumulates)"}`,
      };
    }
    return [speed, memVerdict];
  },
};
