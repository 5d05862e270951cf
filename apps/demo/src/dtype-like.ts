/**
 * The fields of npyio's `DType` the page reads. The worker sends the library's DType object as is
 * (it is plain data), so the page can describe and format values without parsing anything itself.
 */
export interface DTypeLike {
  descr: unknown;
  kind: string;
  itemsize: number;
  byteOrder?: string;
  /** M8/m8: the unit and how many units one count is. */
  unit?: string;
  multiplier?: number;
  /** Long double decoded as float64. */
  lossy?: true;
  /** struct: named fields. */
  fields?: { name: string; dtype: DTypeLike; shape: number[] }[];
  /** subarray: the element dtype and the shape of each item. */
  base?: DTypeLike;
  shape?: number[];
}
