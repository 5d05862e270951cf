import { join } from "node:path";
import { type BenchCase, type BenchTask, mbps, unavailable, type Verdict } from "../bench-case.js";
import { dataOf } from "../checks.js";
import { readBytes } from "../file-streams.js";
import type { Measurement } from "../measurement.js";
import { npyDataOffset } from "../npy-layout.js";
import { resolveParse } from "../npyio-parse.js";
import { via } from "./case1-parse-view.js";

const kinds = [
  { label: "<U16", file: "u16.npy", itemsize: 64 },
  { label: "S16", file: "s16.npy", itemsize: 16 },
] as const;

const js = (op: "decode" | "encode", label: string) =>
  `npyio ${op} ${label} (${op === "decode" ? "parse" : "save"})`;
const py = (op: "decode" | "encode", label: string) =>
  op === "decode"
    ? [`numpy decode ${label} (np.load of bytes in memory)`, `numpy decode ${label} (np.load of the file)`]
    : [`numpy encode ${label} (np.save to memory)`, `numpy encode ${label} (np.save to a file)`];
const FIXED = { strings: "fixed" };
// numpy's np.load copies the bytes once: the decode that the verdict compares copies them too
const FIXED_COPY = { strings: "fixed", copy: true };
const fixedName = (op: "decode" | "encode", label: string) =>
  `npyio ${op} ${label} (${op === "decode" ? 'parse, { strings: "fixed", copy: true }: one copy, as np.load' : "npyio/node writeFile of a FixedStrings"})`;
const fixedView = (label: string) => `npyio decode ${label} (parse, { strings: "fixed" }: a view, no copy)`;
const fixedSave = (label: string) => `npyio encode ${label} (save of a FixedStrings, in memory)`;
type WriteFile = (path: string, array: unknown) => Promise<void>;
const roundTrip = (label: string) => `npyio save(parse(x)) is byte-identical, ${label}`;

/** Element 0 as numpy's .item() gives it: text up to the first NUL. */
function firstElement(bytes: Uint8Array, label: string): string {
  const at = npyDataOffset(bytes);
  if (label === "S16") {
    const raw = bytes.subarray(at, at + 16);
    const end = raw.indexOf(0);
    return String.fromCharCode(...raw.subarray(0, end < 0 ? 16 : end));
  }
  const codes = new Uint32Array(bytes.buffer.slice(at, at + 64));
  const end = codes.indexOf(0);
  return String.fromCodePoint(...codes.subarray(0, end < 0 ? 16 : end));
}

/** Case 7: 1 M-element <U16 and S16, decode and encode, MB/s against numpy's np.load / np.save. */
export const case7: BenchCase = {
  id: 7,
  title: "1 M-element `<U16` and `S16`, decode and encode",
  numpy: true,
  memoryTasks: [],
  async run({ inputsDir, manifest, api }) {
    const { parse, save, via: how, parseMissing, saveMissing } = resolveParse(api);
    const count = manifest.params.str_count;
    const tasks: BenchTask[] = [];
    const inputs = new Map<string, Uint8Array>();
    for (const k of kinds) {
      const bytes = readBytes(join(inputsDir, k.file));
      inputs.set(k.label, bytes);
      const dataBytes = count * k.itemsize;
      const first = firstElement(bytes, k.label);
      if (!parse) {
        tasks.push({ name: js("decode", k.label), missing: parseMissing });
        tasks.push({ name: js("encode", k.label), missing: `needs a decoded array: ${parseMissing}` });
        continue;
      }
      tasks.push({
        name: js("decode", k.label),
        fn: () => parse(bytes),
        bytes: dataBytes,
        check: (r) => {
          const d = dataOf(r);
          if (!d || d.length !== count)
            return `expected ${count} elements, got ${d?.length ?? describeData(r)}`;
          if (typeof d[0] === "string" && d[0] !== first)
            return `element 0 is ${JSON.stringify(d[0])}, expected ${JSON.stringify(first)}`;
          return undefined;
        },
      });
      if (k.label === "S16") {
        tasks.push({
          name: 'npyio decode S16 (parse, { bytesAs: "bytes" })',
          fn: () => (parse as (b: Uint8Array, o: object) => unknown)(bytes, { bytesAs: "bytes" }),
          bytes: dataBytes,
        });
      }
      const decoded = parse(bytes);
      tasks.push(
        save
          ? { name: js("encode", k.label), fn: () => save(decoded), bytes: dataBytes }
          : { name: js("encode", k.label), missing: saveMissing },
      );
      // the same with { strings: "fixed" }: numpy's own representation, the bytes kept as they are
      const parseFixed = (b: Uint8Array, o: object = FIXED) =>
        (parse as (b: Uint8Array, o: object) => unknown)(b, o);
      tasks.push({ name: fixedView(k.label), fn: () => parseFixed(bytes), bytes: dataBytes });
      tasks.push({
        name: fixedName("decode", k.label),
        fn: () => parseFixed(bytes, FIXED_COPY),
        bytes: dataBytes,
        check: (r) => {
          const d = fixedOf(r) as { length: number; at?: (i: number) => unknown } | undefined;
          if (!d || Array.isArray(d) || typeof d.at !== "function")
            return `expected a FixedStrings, got ${describeData(r)} (no { strings: "fixed" } in this npyio)`;
          if (d.length !== count) return `expected ${count} elements, got ${d.length}`;
          if (d.at(0) !== first)
            return `element 0 is ${JSON.stringify(d.at(0))}, expected ${JSON.stringify(first)}`;
          return undefined;
        },
      });
      const fixed = parseFixed(bytes);
      // to a file, as numpy's faster np.save path; and in memory (one copy of the bytes, after the header)
      const writeFile = api.get<WriteFile>("writeFile", ["npyio/node"]);
      const out = join(inputsDir, `written-${k.file}`);
      tasks.push(
        writeFile
          ? { name: fixedName("encode", k.label), fn: () => writeFile(out, fixed), bytes: dataBytes }
          : { name: fixedName("encode", k.label), missing: api.missing("writeFile", ["npyio/node"]) },
        save
          ? { name: fixedSave(k.label), fn: () => save(fixed as typeof decoded), bytes: dataBytes }
          : { name: fixedSave(k.label), missing: saveMissing },
      );
      tasks.push({
        name: `npyio FixedStrings → string[] ${k.label} (toArray)`,
        fn: () => (fixedOf(fixed) as { toArray(): string[] }).toArray(),
        bytes: dataBytes,
      });
    }
    return {
      tasks,
      async probes(): Promise<Record<string, Measurement>> {
        const out: Record<string, Measurement> = { [via]: { kind: "note", text: how } };
        if (!parse || !save) return out;
        for (const [label, bytes] of inputs) {
          const again = save(parse(bytes));
          const same = again.length === bytes.length && again.every((v, i) => v === bytes[i]);
          out[roundTrip(label)] = { kind: "value", value: same ? 1 : 0, unit: "bool" };
        }
        return out;
      },
    };
  },
  evaluate(m): Verdict[] {
    const verdicts: Verdict[] = [];
    const how = m[via];
    for (const k of kinds) {
      for (const [op, form] of [
        ["decode", "string[]"],
        ["decode", "FixedStrings"],
        ["encode", "string[]"],
        ["encode", "FixedStrings"],
      ] as const) {
        const ours = form === "string[]" ? js(op, k.label) : fixedName(op, k.label);
        const what = `${op} ${k.label} as ${form}: npyio MB/s ÷ numpy MB/s (numpy's faster path)`;
        const numpyRuns = py(op, k.label)
          .map((name) => ({ name, rate: mbps(m[name]) }))
          .filter((r): r is { name: string; rate: number } => r.rate !== undefined)
          .sort((x, y) => y.rate - x.rate);
        const best = numpyRuns[0];
        const why = unavailable(ours, m[ours]) ?? (best ? undefined : "numpy: not measured");
        const a = mbps(m[ours]);
        if (why !== undefined || a === undefined || best === undefined) {
          verdicts.push({ what, target: "≥ 0.50×", value: "—", status: "not measured", detail: why });
          continue;
        }
        const ratio = a / best.rate;
        const ok = ratio >= 0.5;
        const rt = m[roundTrip(k.label)];
        const parts = [
          `${a.toFixed(0)} MB/s vs numpy ${numpyRuns.map((r) => `${r.rate.toFixed(0)} ${r.name.replace(/^numpy \w+ \S+ /, "")}`).join(", ")}`,
        ];
        if (rt?.kind === "value" && rt.value !== 1) parts.push("save(parse(x)) is NOT byte-identical");
        if (how?.kind === "note" && how.text !== "npyio parse/save") parts.push(`measured: ${how.text}`);
        if (form === "FixedStrings") {
          parts.push(
            op === "decode"
              ? "like numpy's array, the fixed-width bytes copied once; items become JS strings only when read (without { copy: true } the decode is a view: the row above)"
              : "its bytes are written as they are, as numpy does",
          );
        } else if (!ok) {
          parts.push(
            op === "decode"
              ? 'numpy\'s array keeps the fixed-width bytes as they are (one copy); a string[] is one JS string per element, a heap allocation each: that is what { strings: "fixed" } avoids'
              : "numpy writes its fixed-width bytes as they are; from a string[] every JS string is converted back to code units / bytes",
          );
        }
        verdicts.push({
          what,
          target: "≥ 0.50×",
          value: `${ratio.toFixed(2)}×`,
          status: ok ? "PASS" : "MISS",
          detail: parts.join("; "),
        });
      }
    }
    return verdicts;
  },
};

/** The `data` of a parse result, whatever it is (a FixedStrings is neither a view nor an array). */
function fixedOf(r: unknown): unknown {
  return typeof r === "object" && r !== null && "data" in r ? (r as { data: unknown }).data : undefined;
}

function describeData(r: unknown): string {
  return typeof r === "object" && r !== null ? `no array data in ${Object.keys(r).join(",")}` : String(r);
}
