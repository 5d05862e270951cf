import { NpyError } from "@npyio/header";
import type { NpyStreamHeader } from "./npy-chunk.js";
import { declaredByteLength } from "./npy-decoder-stream.js";
import type { AxisSelection } from "./npy-index.js";
import { checkIndex } from "./stream-options.js";

/**
 * How {@link planSlice} turns the runs of bytes a slice touches into reads.
 *
 * @example
 * ```ts
 * planSlice(header, normalizeIndex(header.shape, [null, 7]), { coalesceGap: 64 << 10 }); // a[:, 7]: read across gaps up to 64 KiB
 * ```
 */
export interface SlicePlanOptions {
  /**
   * Runs of selected bytes at most this many bytes apart are fetched as one read (the gap is read
   * and thrown away): larger values trade bytes for fewer reads. Default 128, less than the headers
   * of one more HTTP request, and at most 5% over the selected bytes when runs are 4 KiB or longer.
   */
  coalesceGap?: number | undefined;
  /** Most reads one slice may take after merging; `LIMIT_EXCEEDED` past it. Default 1,048,576. */
  maxRequests?: number | undefined;
}

/**
 * What a slice costs, before anything is read: the reads it takes and the bytes they fetch.
 *
 * @example
 * ```ts
 * const plan = reader.plan(null, 7); // a[:, 7] of a C-order float32 16384 × 16384 file
 * console.log(plan.runs, plan.requests, plan.bytes); // 16384 runs of 4 bytes, each its own read
 * ```
 */
export interface SlicePlan {
  /** The result's shape: numpy's `a[index].shape`. */
  shape: number[];
  /** What the index selects along each axis of the array. */
  selection: AxisSelection[];
  /** Bytes of the selected elements (elements × itemsize): the size of the result's data. */
  selectedBytes: number;
  /** Separate runs of contiguous selected bytes in the file, before merging. */
  runs: number;
  /** Reads after merging runs at most `coalesceGap` apart (the header's read not counted). */
  requests: number;
  /** Bytes those reads fetch: the selected bytes plus the gaps merged across. */
  bytes: number;
  /** Where each read starts in the source, ascending. */
  offsets: number[];
  /** How many bytes each read fetches. */
  lengths: number[];
}

/** Default {@link SlicePlanOptions.coalesceGap}. */
export const DEFAULT_COALESCE_GAP = 128;

/** Elements between neighbours along each axis of an array stored in C or Fortran order. */
export function elementStrides(shape: readonly number[], fortranOrder: boolean): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = 0; i < shape.length; i++) {
    const axis = fortranOrder ? i : shape.length - 1 - i;
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return strides;
}

const product = (values: number[]) => values.reduce((a, b) => a * b, 1);

/**
 * Plans the reads of a selection (`normalizeIndex` turns numpy's index into one) from the strides of the file's array (C or Fortran order): the runs
 * of contiguous bytes the selection touches, merged where they are at most `coalesceGap` bytes apart.
 * Runs are found per axis, never per element: along the fastest-varying axes, selections that stay
 * contiguous make one run, and axes whose gaps are small enough merge into one read, so a plan costs
 * time in proportion to its reads.
 *
 * @example
 * ```ts
 * const plan = planSlice(header, normalizeIndex(header.shape, ["5000:5100"])); // C order: one read
 * plan.requests; // 1
 * ```
 */
export function planSlice(
  header: NpyStreamHeader,
  selection: AxisSelection[],
  options: SlicePlanOptions = {},
): SlicePlan {
  const { shape, fortranOrder, dataOffset } = header;
  const { itemsize } = header.dtype;
  const gap = checkIndex(options.coalesceGap ?? DEFAULT_COALESCE_GAP, "coalesceGap");
  const maxRequests = checkIndex(options.maxRequests ?? 1 << 20, "maxRequests", 1);
  declaredByteLength(header, undefined);
  const result = selection.filter((s) => !s.drop).map((s) => s.count);
  const selectedBytes = product(result) * itemsize;
  const plan: SlicePlan = {
    shape: result,
    selection,
    selectedBytes,
    runs: 0,
    requests: 0,
    bytes: 0,
    offsets: [],
    lengths: [],
  };
  if (selectedBytes === 0) return plan;

  const strides = elementStrides(shape, fortranOrder);
  // axes from the fastest-varying in the file to the slowest; one position along an axis moves no run
  const order = shape.map((_, i) => (fortranOrder ? i : shape.length - 1 - i));
  const moving = order.filter((axis) => selection[axis]!.count > 1);
  // the selected element nearest the start of the data, in elements
  let base = 0;
  selection.forEach((s, axis) => {
    base += (s.step < 0 ? s.start + (s.count - 1) * s.step : s.start) * strides[axis]!;
  });
  const distance = (axis: number) => Math.abs(selection[axis]!.step) * strides[axis]!;

  // a run grows over the fastest axes while each one's next position starts where the run ends
  let span = 1;
  let k = 0;
  for (; k < moving.length && distance(moving[k]!) === span; k++) span *= selection[moving[k]!]!.count;
  plan.runs = product(moving.slice(k).map((axis) => selection[axis]!.count));
  // then reads grow over the next axes while the gap between positions is small enough to read
  for (; k < moving.length && (distance(moving[k]!) - span) * itemsize <= gap; k++) {
    span += (selection[moving[k]!]!.count - 1) * distance(moving[k]!);
  }

  // the remaining axes give one read per position, ascending in the file; neighbours still merge
  const outer = moving.slice(k);
  const steps = outer.map(distance);
  const counts = outer.map((axis) => selection[axis]!.count);
  const at = new Array<number>(outer.length).fill(0);
  const length = span * itemsize;
  const { offsets, lengths } = plan;
  for (let offset = base; ; ) {
    const start = dataOffset + offset * itemsize;
    const last = offsets.length - 1;
    if (last >= 0 && start - (offsets[last]! + lengths[last]!) <= gap) {
      lengths[last] = start + length - offsets[last]!;
    } else {
      if (offsets.length === maxRequests) throw tooManyReads(plan.runs, maxRequests, gap);
      offsets.push(start);
      lengths.push(length);
    }
    let j = 0;
    for (; j < outer.length; j++) {
      if (++at[j]! < counts[j]!) {
        offset += steps[j]!;
        break;
      }
      offset -= (counts[j]! - 1) * steps[j]!;
      at[j] = 0;
    }
    if (j === outer.length) break;
  }
  plan.requests = offsets.length;
  plan.bytes = lengths.reduce((a, b) => a + b, 0);
  return plan;
}

function tooManyReads(runs: number, maxRequests: number, gap: number): NpyError {
  return new NpyError(
    "LIMIT_EXCEEDED",
    `the slice touches ${runs} separate runs of bytes, more than maxRequests (${maxRequests}) reads even after merging gaps of up to ${gap} bytes; raise coalesceGap to read across the gaps, or raise maxRequests`,
  );
}
