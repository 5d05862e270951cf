import type { Measurement, Measurements } from "./measurement.js";

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * One Measurements from several rounds: the median of the per-round medians for times (each
 * round's median kept in `rounds`), the worst round for memory, the median for values. A task that
 * timed in some rounds and failed in others keeps its times.
 */
export function aggregate(rounds: Measurements[]): Measurements {
  const keys = new Set(rounds.flatMap((r) => Object.keys(r)));
  const out: Measurements = {};
  for (const key of keys) {
    const all = rounds.map((r) => r[key]).filter((m): m is Measurement => m !== undefined);
    const times = all.filter((m) => m.kind === "time");
    const memories = all.filter((m) => m.kind === "memory");
    const values = all.filter((m) => m.kind === "value");
    if (times.length > 0) {
      const per = times.map((t) => t.medianMs);
      out[key] = {
        kind: "time",
        medianMs: median(per),
        samples: times.reduce((n, t) => n + t.samples, 0),
        rounds: per,
        ...(times.every((t) => t.cpuMs !== undefined) ? { cpuMs: median(times.map((t) => t.cpuMs!)) } : {}),
        ...(times[0]!.bytes !== undefined ? { bytes: times[0]!.bytes } : {}),
      };
    } else if (memories.length > 0) {
      out[key] = memories.reduce((a, b) => (b.peakRssDelta > a.peakRssDelta ? b : a));
    } else if (values.length > 0) {
      out[key] = { ...values[0]!, value: median(values.map((v) => v.value)) };
    } else {
      out[key] = all.findLast((m) => m.kind === "note") ?? all.find((m) => m.kind === "failed") ?? all[0]!;
    }
  }
  return out;
}
