import type { DType } from "./dtype.js";
import { NpyError } from "./npy-error.js";

export type CastKind = "b" | "i" | "u" | "f" | "c";

/** A numeric type as the cast sees it: its kind and the bytes of one value (of each complex part). */
export interface CastRow {
  kind: CastKind;
  width: 1 | 2 | 4 | 8;
}

export const ROWS: Readonly<Record<string, CastRow>> = {
  b1: { kind: "b", width: 1 },
  i1: { kind: "i", width: 1 },
  u1: { kind: "u", width: 1 },
  i2: { kind: "i", width: 2 },
  u2: { kind: "u", width: 2 },
  i4: { kind: "i", width: 4 },
  u4: { kind: "u", width: 4 },
  i8: { kind: "i", width: 8 },
  u8: { kind: "u", width: 8 },
  f2: { kind: "f", width: 2 },
  f4: { kind: "f", width: 4 },
  f8: { kind: "f", width: 8 },
  c8: { kind: "c", width: 4 },
  c16: { kind: "c", width: 8 },
};

/** The cast table's key of a numeric dtype (`"f8"`, `"c16"`), or `UNSUPPORTED_DTYPE`. */
export function castKey(dtype: DType): string {
  const key = `${dtype.kind}${dtype.itemsize}`;
  if (ROWS[key] && dtype.kind !== "struct" && dtype.kind !== "subarray") return key;
  const why = dtype.kind === "f" || dtype.kind === "c" ? " (long double decodes lossily)" : "";
  throw new NpyError(
    "UNSUPPORTED_DTYPE",
    `numeric casts are between b1, i1-i8, u1-u8, f2, f4, f8, c8 and c16, not ${JSON.stringify(dtype.descr)}${why}; cast it another way, e.g. with numpy`,
  );
}
