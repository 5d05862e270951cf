/**
 * `str()` of a numpy scalar, which is what numpy prints for a 0-d array: floats in their shortest
 * form, strings unquoted, bytes as numpy's `repr`, datetimes unquoted, timedeltas with their unit.
 */
import { type DatetimeUnit, NAT } from "@npyio/dtype";
import { datetimeAsString } from "./datetime-string.js";
import { type Column, elementFormatter, NUMPY_PRINT_OPTIONS } from "./element-format.js";
import { formatFloatScalar } from "./float-digits.js";
import { reprBytes } from "./python-repr.js";

// numpy's names of timedelta units in str(np.timedelta64(...))
const UNIT_NAMES: Readonly<Record<DatetimeUnit, string>> = {
  Y: "years",
  M: "months",
  W: "weeks",
  D: "days",
  h: "hours",
  m: "minutes",
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
  ps: "picoseconds",
  fs: "femtoseconds",
  as: "attoseconds",
  generic: "generic time units",
};

type Indexed<T> = { readonly [i: number]: T };

/**
 * `str()` of element `i` of a column as a numpy scalar.
 *
 * @example
 * ```ts
 * formatScalar({ dtype: parseDescr("|S2"), data: ["\x00\xff"] }, 0); // "np.bytes_(b'\x00\xff')"
 * ```
 */
export function formatScalar(column: Column, i: number): string {
  const { dtype } = column;
  switch (dtype.kind) {
    case "U":
      return (column.data as Indexed<string>)[i]!;
    case "S":
      return `np.bytes_(${reprBytes((column.data as Indexed<string>)[i]!)})`;
    case "M": {
      const unit = dtype.unit ?? "generic";
      return datetimeAsString((column.data as Indexed<bigint>)[i]!, unit, dtype.multiplier ?? 1);
    }
    case "m": {
      const v = (column.data as Indexed<bigint>)[i]!;
      if (v === NAT) return "NaT";
      return `${v * BigInt(dtype.multiplier ?? 1)} ${UNIT_NAMES[dtype.unit ?? "generic"]}`;
    }
    case "c": {
      const data = column.data as Indexed<number>;
      const bits = dtype.itemsize === 8 ? 32 : 64;
      const re = data[2 * i]!;
      const im = data[2 * i + 1]!;
      const text = (x: number) => formatFloatScalar(x, bits).replace(/\.0$/, "");
      const imag = `${text(im)}j`;
      if (re === 0) return imag;
      return `(${text(re)}${im >= 0 || Number.isNaN(im) ? "+" : ""}${imag})`;
    }
    default:
      return elementFormatter(column, [i], NUMPY_PRINT_OPTIONS, true)(i);
  }
}
