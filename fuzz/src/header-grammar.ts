/**
 * Random .npy headers from a grammar of the Python-literal subset numpy writes (dicts, tuples,
 * lists, str with escapes, ints, True/False/None) plus the near misses a hostile writer produces:
 * floats, huge ints, deep nesting, comments, odd whitespace, wrong keys, lying shapes.
 */
import type { Rng } from "./rng.js";

const KINDS = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"];
const ODD = ["f16", "c32", "f12", "i3", "O", "O8", "x", "?", "b", "V0", "S0", "U0", "a5", "<", "", "M8[xs]"];
const UNITS = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as", ""];

/** A dtype string: mostly valid, sometimes a near miss. */
export function randomTypeString(rng: Rng): string {
  const order = rng.pick(["<", ">", "|", "=", ""]);
  return rng.weighted<() => string>([
    [10, () => order + rng.pick(KINDS)],
    [3, () => `${order}${rng.pick(["S", "U", "V"])}${rng.small(12)}`],
    [
      2,
      () =>
        `${order}${rng.pick(["M8", "m8"])}[${rng.chance(0.2) ? rng.range(1, 100) : ""}${rng.pick(UNITS)}]`,
    ],
    [1, () => order + rng.pick(ODD)],
    [
      1,
      () =>
        `${order}${rng.pick(["S", "U", "V", "i", "f"])}${rng.pick(["2147483647", "99999999999", "1e3", "-1"])}`,
    ],
  ])();
}

/** A Python-literal descr: a type string, a field list (nested, titled, subarrays) or a subarray tuple. */
export function randomDescr(rng: Rng, depth = 0): string {
  const r = rng.float();
  if (depth > 2 || r < 0.6) return quote(randomTypeString(rng));
  if (r < 0.93) {
    const n = rng.small(5);
    const fields: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = rng.chance(0.1)
        ? `(${quote(rng.pick(["T", "title", ""]))}, ${quote(fieldName(rng, i))})`
        : quote(fieldName(rng, i));
      const sub = rng.chance(0.2) ? `, ${randomShape(rng, 3, 4)}` : "";
      fields.push(`(${name}, ${randomDescr(rng, depth + 1)}${sub})`);
    }
    return `[${fields.join(", ")}]`;
  }
  return `(${randomDescr(rng, depth + 1)}, ${randomShape(rng, 3, 4)})`;
}

function fieldName(rng: Rng, i: number): string {
  return rng.weighted([
    [8, `f${i}`],
    [1, ""],
    [1, "x"],
    [1, "\u00e9\u6c34"],
  ]);
}

/** A shape tuple: small honest dims mostly; sometimes huge, negative, float or not a tuple. */
export function randomShape(rng: Rng, maxDims = 4, maxDim = 6): string {
  const n = rng.small(maxDims + 1);
  const dims: string[] = [];
  for (let i = 0; i < n; i++) {
    dims.push(
      rng.weighted<() => string>([
        [20, () => String(rng.small(maxDim))],
        [1, () => rng.pick(["-1", "0", "2147483648", "4294967296", "9007199254740991", "9007199254740993"])],
        [
          1,
          () => rng.pick(["1e3", "3.0", "True", "None", "'3'", "0x10", "1_000", "10**9", "-0", "+3", "03"]),
        ],
        [1, () => "9".repeat(rng.range(10, 400))],
      ])(),
    );
  }
  if (n === 1 && rng.chance(0.9)) return `(${dims[0]},)`;
  const inner = dims.join(rng.chance(0.95) ? ", " : ",");
  return rng.weighted([
    [20, `(${inner})`],
    [1, `[${inner}]`],
    [1, inner || "()"],
  ]);
}

/** A Python string literal with random escapes and quote style. */
export function quote(text: string, rng?: Rng): string {
  const q = rng?.chance(0.2) ? '"' : "'";
  let out = "";
  for (const ch of text) {
    if (ch === q || ch === "\\") out += `\\${ch}`;
    else out += ch;
  }
  return q + out + q;
}

/** Any Python value of the literal subset, nested up to `depth`. */
export function randomLiteral(rng: Rng, depth = 0): string {
  const leaf = depth > 3 || rng.chance(0.5);
  if (leaf) {
    return rng.weighted<() => string>([
      [4, () => String(rng.range(-5, 1000))],
      [2, () => quote(randomTypeString(rng), rng)],
      [
        1,
        () => rng.pick(["True", "False", "None", "''", '""', "1.5", "-0.0", "1e308", "1e999", "nan", "inf"]),
      ],
      [
        1,
        () =>
          rng.pick([
            "'\\x41'",
            "'\\u00e9'",
            "'\\U0001F600'",
            "'\\n'",
            "'\\'",
            "'\\N{DASH}'",
            "'\\777'",
            "b'x'",
            "u'x'",
            "r'\\d'",
          ]),
      ],
      [1, () => `${rng.pick(["-", "+", ""])}${"7".repeat(rng.range(1, 60))}${rng.pick(["", "L", "j", "."])}`],
      [1, () => rng.pick(["x", "__import__('os')", "lambda: 0", "...", "{*()}", "set()", "#", "\\"])],
    ])();
  }
  const n = rng.small(5);
  const items = Array.from({ length: n }, () => randomLiteral(rng, depth + 1));
  return rng.weighted<() => string>([
    [3, () => `(${items.join(", ")}${n === 1 ? "," : ""})`],
    [2, () => `[${items.join(", ")}]`],
    [2, () => `{${items.map((v) => `${randomLiteral(rng, 4)}: ${v}`).join(", ")}}`],
    [1, () => `${"(".repeat(rng.range(50, 400))}1${")".repeat(rng.range(0, 400))}`],
  ])();
}

/**
 * A header dict: numpy's layout (`{'descr': ..., 'fortran_order': ..., 'shape': ..., }`) with random
 * values, and, now and then, keys dropped, repeated, renamed or reordered, or whole values replaced
 * by arbitrary literals.
 */
export function randomHeaderDict(rng: Rng): string {
  const entries: [string, string][] = [
    ["'descr'", rng.chance(0.95) ? randomDescr(rng) : randomLiteral(rng)],
    ["'fortran_order'", rng.chance(0.95) ? rng.pick(["False", "True"]) : randomLiteral(rng)],
    ["'shape'", rng.chance(0.95) ? randomShape(rng) : randomLiteral(rng)],
  ];
  if (rng.chance(0.05)) entries.splice(rng.int(3), 1);
  if (rng.chance(0.05))
    entries.push([quote(rng.pick(["descr", "shape", "extra", "fortran_order"])), randomLiteral(rng)]);
  if (rng.chance(0.1)) entries.reverse();
  const sep = rng.chance(0.9) ? ", " : rng.pick([",", " ,\n ", "\t,", " # comment\n, "]);
  const body = entries.map(([k, v]) => `${k}: ${v}`).join(sep);
  return `{${body}${rng.chance(0.9) ? ", " : ""}}`;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * Preamble + header text, padded as numpy pads it (data on a 64-byte boundary, ending in a newline),
 * except when `rng` decides to lie about the length or skip the padding.
 */
export function wrapHeader(rng: Rng, text: string, version: 1 | 2 | 3): Uint8Array {
  const raw =
    version === 3
      ? new TextEncoder().encode(text)
      : Uint8Array.from(text, (c) => (c.codePointAt(0) ?? 0) & 0xff);
  const preamble = version === 1 ? 10 : 12;
  let padded = raw.length + 1;
  if (rng.chance(0.9)) padded += (64 - ((preamble + padded) % 64)) % 64;
  const out = new Uint8Array(preamble + padded);
  out.set(MAGIC);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  let length = padded;
  if (rng.chance(0.03)) length = rng.pick([0, 1, padded - 1, padded + 1, 0xffff, 0xffffffff, rng.u32()]);
  if (version === 1) view.setUint16(8, length & 0xffff, true);
  else view.setUint32(8, length >>> 0, true);
  out.set(raw, preamble);
  out.fill(0x20, preamble + raw.length, out.length - 1);
  out[out.length - 1] = 0x0a;
  return out;
}
