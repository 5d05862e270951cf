/**
 * Structure-aware .npy mutations: headers from the grammar with data of the right or a wrong size,
 * and real files whose header now lies (another shape, another descr, another version).
 */
import { parseDescr } from "@npyio/dtype";
import { parseHeader } from "@npyio/header";
import { concat } from "./byte-mutator.js";
import { randomDescr, randomHeaderDict, randomShape, wrapHeader } from "./header-grammar.js";
import type { Rng } from "./rng.js";

const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join("");

/** Declared data size of a header, or undefined when the packages refuse it (or it is huge). */
function declaredBytes(header: Uint8Array): number | undefined {
  try {
    const h = parseHeader(header, { maxHeaderSize: 1 << 20 });
    const n = h.shape.reduce((a, b) => a * b, 1) * parseDescr(h.descr).itemsize;
    return Number.isSafeInteger(n) && n <= 1 << 16 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Data for a header: the declared size most of the time, sometimes a little more or less. */
function dataFor(rng: Rng, header: Uint8Array): Uint8Array {
  const want = declaredBytes(header);
  let n = want ?? rng.small(256);
  if (want !== undefined && rng.chance(0.2)) n = Math.max(0, want + rng.pick([-1, 1, -8, 8, -want]));
  return rng.chance(0.5) ? rng.bytes(n) : new Uint8Array(n);
}

/** A whole file from the header grammar. */
export function grammarNpy(rng: Rng): Uint8Array {
  const version = rng.weighted<1 | 2 | 3>([
    [8, 1],
    [1, 2],
    [1, 3],
  ]);
  const header = wrapHeader(rng, randomHeaderDict(rng), version);
  return concat(header, dataFor(rng, header));
}

/**
 * A real file with one header value replaced (shape, descr or fortran_order) and the header
 * re-padded, so the rest of the file is the original data that no longer matches.
 */
export function lyingHeader(rng: Rng, input: Uint8Array): Uint8Array {
  let h: ReturnType<typeof parseHeader>;
  try {
    h = parseHeader(input, { maxHeaderSize: 1 << 20 });
  } catch {
    return input;
  }
  const start = h.version === "1.0" ? 10 : 12;
  const raw = input.subarray(start, h.dataOffset);
  let text = h.version === "3.0" ? new TextDecoder().decode(raw) : latin1(raw);
  text = text.trimEnd();
  const which = rng.int(4);
  if (which === 0) text = text.replace(/'shape': \([^)]*\)/, () => `'shape': ${lieAboutShape(rng, h.shape)}`);
  else if (which === 1)
    text = text.replace(
      /'descr': (.*), 'fortran_order'/,
      () => `'descr': ${randomDescr(rng)}, 'fortran_order'`,
    );
  else if (which === 2)
    text = text.replace(
      /'fortran_order': (True|False)/,
      (_, v) => `'fortran_order': ${v === "True" ? "False" : "True"}`,
    );
  else text = text.replace(/'shape': \([^)]*\)/, () => `'shape': ${randomShape(rng, 3, 100)}`);
  const version = rng.chance(0.8) ? Number(h.version[0]) : rng.pick([1, 2, 3]);
  const data = input.subarray(h.dataOffset);
  return concat(wrapHeader(rng, text, version as 1 | 2 | 3), data);
}

function lieAboutShape(rng: Rng, shape: number[]): string {
  const dims = shape.slice();
  const r = rng.int(6);
  if (r === 0 && dims.length > 0) dims[rng.int(dims.length)]! += rng.pick([1, -1, 1000]);
  else if (r === 1) dims.push(rng.pick([0, 1, 2, 1 << 30]));
  else if (r === 2) dims.pop();
  else if (r === 3) dims.splice(0, dims.length, rng.pick([2 ** 31, 2 ** 32, 2 ** 40, 2 ** 52, 2 ** 53 - 1]));
  else if (r === 4) dims.splice(0, dims.length, 2 ** 26, 2 ** 26, rng.range(1, 4));
  else dims.reverse();
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}
