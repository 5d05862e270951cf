import type { NpyArray } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import type { ByteSource } from "./byte-source.js";
import { decodeAny, type NpyStreamHeader } from "./npy-chunk.js";
import { type ReadRangesOptions, readRanges } from "./read-ranges.js";
import { elementStrides, type SlicePlan } from "./slice-plan.js";
import type { LimitOptions } from "./stream-options.js";

/**
 * Options of one slice read: `signal`, `onProgress` (bytes fetched so far, of the plan's `bytes`),
 * `concurrency` and `maxBytes` (most bytes one slice may fetch; `LIMIT_EXCEEDED` before any read).
 *
 * @example
 * ```ts
 * await reader.slice("::2", { concurrency: 4, maxBytes: 1 << 30, signal, onProgress: console.log });
 * ```
 */
export interface ReadSliceOptions extends ReadRangesOptions, Pick<LimitOptions, "maxBytes"> {}

/** Index of the last read that starts at or before `position` (reads are ascending). */
function readAt(offsets: readonly number[], position: number, hint: number): number {
  if (offsets[hint]! <= position && (hint + 1 === offsets.length || offsets[hint + 1]! > position))
    return hint;
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Copies the selected elements out of the fetched reads into one buffer in C order (numpy's
 * `a[index]`, made contiguous). The trailing axes whose selected elements are also contiguous in the
 * file are copied as one block; a selection that is one block inside one read is returned as a view
 * of it, without a copy.
 */
export function gatherSlice(header: NpyStreamHeader, plan: SlicePlan, reads: Uint8Array[]): Uint8Array {
  const { itemsize } = header.dtype;
  const { selection, offsets } = plan;
  const strides = elementStrides(header.shape, header.fortranOrder);
  let first = 0;
  selection.forEach((s, axis) => {
    first += s.start * strides[axis]!;
  });
  // the block: trailing axes whose positions follow each other in the file, in the result's order
  const axes = selection.map((_, axis) => axis).filter((axis) => selection[axis]!.count > 1);
  let block = 1;
  while (axes.length > 0) {
    const s = selection[axes.at(-1)!]!;
    if (s.step * strides[axes.at(-1)!]! !== block) break;
    block *= s.count;
    axes.pop();
  }
  const blockBytes = block * itemsize;
  const position = (element: number) => header.dataOffset + element * itemsize;
  if (axes.length === 0) {
    const r = readAt(offsets, position(first), 0);
    const from = position(first) - offsets[r]!;
    return reads[r]!.subarray(from, from + blockBytes);
  }
  const out = new Uint8Array(plan.selectedBytes);
  const steps = axes.map((axis) => selection[axis]!.step * strides[axis]!);
  const counts = axes.map((axis) => selection[axis]!.count);
  const at = new Array<number>(axes.length).fill(0);
  let r = 0;
  for (let element = first, o = 0; ; o += blockBytes) {
    const p = position(element);
    r = readAt(offsets, p, r);
    const bytes = reads[r]!;
    const from = p - offsets[r]!;
    if (blockBytes > 32) out.set(bytes.subarray(from, from + blockBytes), o);
    else for (let b = 0; b < blockBytes; b++) out[o + b] = bytes[from + b]!;
    let j = axes.length - 1;
    for (; j >= 0; j--) {
      if (++at[j]! < counts[j]!) {
        element += steps[j]!;
        break;
      }
      element -= (counts[j]! - 1) * steps[j]!;
      at[j] = 0;
    }
    if (j < 0) break;
  }
  return out;
}

/**
 * Reads the slice `plan` describes from `source` (a .npy file whose header is `header`): its reads,
 * `concurrency` at a time, then the selected elements in C order, decoded.
 *
 * @example
 * ```ts
 * const a = await readSlice(source, header, planSlice(header, normalizeIndex(header.shape, [null, 7])), { concurrency: 4 });
 * ```
 */
export async function readSlice(
  source: ByteSource,
  header: NpyStreamHeader,
  plan: SlicePlan,
  options: ReadSliceOptions = {},
): Promise<NpyArray> {
  const { maxBytes } = options;
  if (maxBytes !== undefined && plan.bytes > maxBytes) {
    throw new NpyError(
      "LIMIT_EXCEEDED",
      `the slice reads ${plan.bytes} bytes in ${plan.requests} reads, over maxBytes (${maxBytes}); raise maxBytes, or lower coalesceGap to read fewer bytes in more reads`,
    );
  }
  const reads = await readRanges(source, plan.offsets, plan.lengths, options);
  const bytes = plan.selectedBytes === 0 ? new Uint8Array(0) : gatherSlice(header, plan, reads);
  const count = plan.shape.reduce((a, b) => a * b, 1);
  return {
    dtype: header.dtype,
    shape: plan.shape,
    fortranOrder: false,
    data: decodeAny(header.dtype, bytes, { count }),
  };
}
