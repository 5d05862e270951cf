/**
 * Quick local throughput check (not a test: speed lives here, not in assertions), in GB/s of CPU time.
 * Run: pnpm exec tsx packages/dtype/bench/throughput.ts
 */
import { swapInto } from "../src/byte-swap.js";
import { decode, encode, parseDescr } from "../src/index.js";

// CPU time, not wall time: on a shared, loaded machine the wall clock measures the neighbours
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function measure(label: string, bytes: number, fn: () => unknown): void {
  for (let i = 0; i < 3; i++) fn(); // warm up the JIT
  let runs = 0;
  const start = cpuSeconds();
  while (cpuSeconds() - start < 1.5) {
    fn();
    runs++;
  }
  const seconds = cpuSeconds() - start;
  console.log(`${label.padEnd(40)} ${((bytes * runs) / seconds / 1e9).toFixed(2)} GB/s`);
}

const MB = 16 * 2 ** 20;
const raw = new Uint8Array(MB).map((_, i) => (i * 2654435761) >>> 24);
const be8 = parseDescr(">f8");
const be4 = parseDescr(">f4");
const be2 = parseDescr(">i2");
const le8 = parseDescr("<f8");
measure("swap 8-byte units in place, Wasm SIMD kernel", MB, () => swapInto(raw, raw, 8));
measure("swap 8-byte units in place, JS fallback", MB, () => swapInto(raw, raw, 8, false));
measure("decode >f8 { inPlace: true } (swap only)", MB, () => decode(be8, raw, { inPlace: true }));
measure("decode >f8 (new buffer + byte-swap)", MB, () => decode(be8, raw));
measure("encode >f8 (copy + byte-swap)", MB, () => encode(be8, new Float64Array(raw.buffer)));
measure("decode >f4 (copy + byte-swap)", MB, () => decode(be4, raw));
measure("decode >i2 (copy + byte-swap)", MB, () => decode(be2, raw));
measure("decode <f8 { copy: true } (new buffer only)", MB, () => decode(le8, raw, { copy: true }));
measure("decode <f2 → Float32Array", MB / 4, () =>
  decode(parseDescr("<f2"), raw.subarray(0, MB / 4), { float16: "float32" }),
);

const text = new Uint8Array(16 * 2 ** 20);
for (let i = 0; i < text.length; i++) text[i] = i % 16 < 12 ? 97 + (i % 26) : 0;
measure("decode |S16 → string[]", text.length, () => decode(parseDescr("|S16"), text));
const u = new Uint8Array(16 * 2 ** 20);
new Uint32Array(u.buffer).forEach((_, i, a) => {
  a[i] = i % 8 < 6 ? 0x61 + (i % 26) : 0;
});
measure("decode <U8 → string[]", u.length, () => decode(parseDescr("<U8"), u));
const strings = decode(parseDescr("<U8"), u) as string[];
measure("encode <U8 ← string[]", u.length, () => encode(parseDescr("<U8"), strings));
