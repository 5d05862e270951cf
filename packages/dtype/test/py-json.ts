/**
 * npyio's object-array values rendered as JSON the way scripts/object_fixtures.py renders what
 * `np.load(allow_pickle=True)` gives (see its docstring), so the two can be compared with toEqual.
 */
import type { NpyArray, NpyRecord, PyValue } from "../src/index.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const hex = (b: ArrayLike<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const latin1 = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function float(x: number): Json {
  if (Number.isNaN(x)) return { float: "nan" };
  if (!Number.isFinite(x)) return { float: x > 0 ? "inf" : "-inf" };
  return x;
}

function int(x: number | bigint): Json {
  if (typeof x === "number") return float(x);
  return x >= -SAFE && x <= SAFE ? Number(x) : { int: String(x) };
}

/** The values of a numeric or string array, flat in memory order. */
function values(array: NpyArray, path: Set<object>): Json {
  const { dtype, data } = array;
  switch (dtype.kind) {
    case "O":
      return (data as PyValue[]).map((v) => pyJson(v, path));
    case "b":
      return Array.from(data as Uint8Array, (b) => b !== 0);
    case "i":
    case "u":
    case "M":
    case "m":
      return Array.from(data as ArrayLike<number | bigint>, int);
    case "f":
      return Array.from(data as ArrayLike<number>, float);
    case "c": {
      const pairs = data as ArrayLike<number>;
      return Array.from({ length: pairs.length / 2 }, (_, i) => ({
        complex: [float(pairs[2 * i]!), float(pairs[2 * i + 1]!)],
      }));
    }
    case "S":
      return (data as string[]).map((s) => ({ bytes: hex(latin1(s)) }));
    case "U":
      return [...(data as string[])];
    case "V":
      return (data as Uint8Array[]).map((b) => ({ bytes: hex(b) }));
    case "struct": {
      const out: Record<string, Json> = {};
      for (const f of dtype.fields) {
        out[f.name] = values({ ...array, dtype: f.dtype, data: (data as NpyRecord)[f.name]! }, path);
      }
      return out;
    }
    default:
      throw new Error(`no rendering for ${JSON.stringify(dtype.descr)}`);
  }
}

const sortKey = (j: Json): string => JSON.stringify(j);

/** `value` rendered as scripts/object_fixtures.py's `render` renders numpy's. */
export function pyJson(value: PyValue, path: Set<object> = new Set()): Json {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return int(value);
  if (value instanceof Uint8Array) return { bytes: hex(value) };
  if (typeof value === "object" && "re" in value) return { complex: [float(value.re), float(value.im)] };
  if (path.has(value)) return { cycle: true };
  const inner = new Set(path).add(value);
  if (Array.isArray(value)) return value.map((v) => pyJson(v, inner));
  if (value instanceof Map) return { dict: [...value].map(([k, v]) => [pyJson(k, inner), pyJson(v, inner)]) };
  if (value instanceof Set) {
    return {
      set: [...value].map((v) => pyJson(v, inner)).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)),
    };
  }
  if ("global" in value) throw new Error(`an inert global ${value.global} has no rendering`);
  const { dtype, shape, fortranOrder } = value;
  return {
    ndarray: { descr: dtype.descr as Json, shape, fortran: fortranOrder, values: values(value, inner) },
  };
}
