/**
 * The round-trip invariant: a decoded array, encoded and decoded again, is identical (same dtype
 * descr, shape, order and data, compared by bytes for typed arrays so NaN payloads count).
 */
import { decode, encode, type NpyArray, type NpyData } from "@npyio/dtype";

/** A broken invariant of the harness (never an NpyError): the runner reports it as a crasher. */
export class InvariantViolation extends Error {
  override readonly name = "InvariantViolation";
}

const tag = (v: unknown) => Object.prototype.toString.call(v).slice(8, -1);

/** Where `a` and `b` differ, or undefined when they are identical. */
export function diffData(a: NpyData, b: NpyData, path = "data"): string | undefined {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return `${path}: ${tag(a)} vs ${tag(b)}`;
    if (tag(a) !== tag(b)) return `${path}: ${tag(a)} vs ${tag(b)}`;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    if (x.length !== y.length) return `${path}: ${x.length} vs ${y.length} bytes`;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return `${path}: byte ${i} differs`;
    return undefined;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: ${tag(a)} vs ${tag(b)}`;
    if (a.length !== b.length) return `${path}: ${a.length} vs ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (typeof x === "string" || typeof y === "string") {
        if (x !== y) return `${path}[${i}]: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
      } else {
        const d = diffData(x as NpyData, y as NpyData, `${path}[${i}]`);
        if (d) return d;
      }
    }
    return undefined;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join("\u0000") !== kb.join("\u0000")) return `${path}: fields [${ka}] vs [${kb}]`;
  for (const k of ka) {
    const d = diffData(
      (a as Record<string, NpyData>)[k]!,
      (b as Record<string, NpyData>)[k]!,
      `${path}.${k}`,
    );
    if (d) return d;
  }
  return undefined;
}

/** Throws InvariantViolation unless decode(encode(array.data)) is identical to array.data. */
export function checkRoundTrip(array: NpyArray, where: string): void {
  let again: NpyData;
  try {
    again = decode(array.dtype, encode(array.dtype, array.data), { copy: true });
  } catch (err) {
    throw new InvariantViolation(`${where}: re-encoding a decoded array failed: ${String(err)}`, {
      cause: err,
    });
  }
  const d = diffData(array.data, again);
  if (d) throw new InvariantViolation(`${where}: decode → encode → decode differs at ${d}`);
}

/** Throws InvariantViolation unless two arrays (from two entry points) are identical. */
export function checkSame(a: NpyArray, b: NpyArray, where: string): void {
  const sa = JSON.stringify([a.dtype.descr, a.shape, a.fortranOrder]);
  const sb = JSON.stringify([b.dtype.descr, b.shape, b.fortranOrder]);
  if (sa !== sb) throw new InvariantViolation(`${where}: ${sa} vs ${sb}`);
  const d = diffData(a.data, b.data);
  if (d) throw new InvariantViolation(`${where}: ${d}`);
}
