import type { DType, ScalarDType } from "npyio";
import { formatShape } from "./format.js";

const UNIT_NAMES: Record<string, string> = {
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
  generic: "no unit",
};

const ORDER_WORDS: Record<string, string> = { "<": "little-endian", ">": "big-endian" };

/** A dtype in words: `32-bit float, little-endian`, `record of 5 fields: id (32-bit signed integer), …`. */
export function describeDType(dtype: DType): string {
  if (dtype.kind === "struct") {
    const fields = dtype.fields;
    const parts = fields.map((f) => {
      const inner = describeDType(f.dtype);
      return `${f.name} (${f.shape.length > 0 ? `${formatShape(f.shape)} of ${inner}` : inner})`;
    });
    return `record of ${fields.length} field${fields.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
  }
  if (dtype.kind === "subarray") {
    return `${formatShape(dtype.shape)} of ${describeDType(dtype.base)}`;
  }
  const order = ORDER_WORDS[dtype.byteOrder ?? ""];
  const words = scalarWords(dtype);
  return order && dtype.itemsize > 1 ? `${words}, ${order}` : words;
}

function scalarWords(dtype: ScalarDType): string {
  const bits = dtype.itemsize * 8;
  const unit = `${dtype.multiplier && dtype.multiplier !== 1 ? `${dtype.multiplier} ` : ""}${UNIT_NAMES[dtype.unit ?? "generic"]}`;
  switch (dtype.kind) {
    case "b":
      return "boolean";
    case "i":
      return `${bits}-bit signed integer`;
    case "u":
      return `${bits}-bit unsigned integer`;
    case "f":
      return dtype.lossy ? `${bits}-bit long double (shown as 64-bit float)` : `${bits}-bit float`;
    case "c":
      return `complex (two ${bits / 2}-bit floats)`;
    case "S":
      return `byte string of up to ${dtype.itemsize} bytes`;
    case "U":
      return `unicode string of up to ${dtype.itemsize / 4} characters`;
    case "V":
      return `raw bytes, ${dtype.itemsize} per item`;
    case "M":
      return `datetime64 in ${unit}`;
    case "m":
      return `timedelta64 in ${unit}`;
    default:
      return `kind ${dtype.kind}, ${dtype.itemsize} bytes per item`;
  }
}
