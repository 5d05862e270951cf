/**
 * A dtype in words for people reading `npyio info`: `float64`, `int16, big-endian`,
 * `str of 6 chars`, `{x: float32, y: int16[2]}`, `datetime64[ms]`.
 */
import type { DType } from "npyio";

const NUMBER_NAMES: Readonly<Record<string, string>> = {
  b: "bool",
  i: "int",
  u: "uint",
  f: "float",
  c: "complex",
};

const ORDER_WORDS: Readonly<Record<string, string>> = { "<": "", ">": ", big-endian", "|": "" };

function shapeSuffix(shape: readonly number[]): string {
  return shape.length === 0 ? "" : `[${shape.join(", ")}]`;
}

function words(dtype: DType, withOrder: boolean): string {
  switch (dtype.kind) {
    case "struct":
      return `{${dtype.fields.map((f) => `${f.name}: ${words(f.dtype, true)}${shapeSuffix(f.shape)}`).join(", ")}}`;
    case "subarray":
      return `${words(dtype.base, true)}${shapeSuffix(dtype.shape)}`;
  }
  const order = withOrder ? (ORDER_WORDS[dtype.byteOrder] ?? "") : "";
  switch (dtype.kind) {
    case "b":
      return "bool";
    case "S":
      return `bytes of ${dtype.itemsize}`;
    case "U":
      return `str of ${dtype.itemsize / 4} chars${order}`;
    case "V":
      return `void of ${dtype.itemsize} bytes`;
    case "M":
    case "m": {
      const name = dtype.kind === "M" ? "datetime64" : "timedelta64";
      const count = (dtype.multiplier ?? 1) > 1 ? String(dtype.multiplier) : "";
      const unit = dtype.unit === undefined || dtype.unit === "generic" ? "" : `[${count}${dtype.unit}]`;
      return `${name}${unit}${order}`;
    }
    default: {
      const bits = dtype.itemsize * 8;
      const lossy = dtype.lossy ? " (long double, read as float64)" : "";
      return `${NUMBER_NAMES[dtype.kind]}${bits}${order}${lossy}`;
    }
  }
}

/** The dtype in words, byte order said only when it is big-endian. */
export function dtypeWords(dtype: DType): string {
  return words(dtype, true);
}
