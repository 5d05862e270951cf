// Parts of an array read by byte ranges from a ByteSource: rows, numpy slices, an open reader.
export type { AxisIndex, AxisSelection } from "./npy-index.js";
export {
  type IndexArgs,
  type NpyReader,
  type OpenNpyOptions,
  openNpy,
  type SliceOptions,
} from "./open-npy.js";
export type { ReadRangesOptions } from "./read-ranges.js";
export { type ReadRowsOptions, readRows } from "./read-rows.js";
export type { ReadSliceOptions } from "./read-slice.js";
export type { SlicePlan, SlicePlanOptions } from "./slice-plan.js";
