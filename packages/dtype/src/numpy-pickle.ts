// numpy's side of an object array's pickle: `numpy.dtype` with its BUILD state, the ndarray
// reconstructor and its state, `_frombuffer` (protocol 5) and numpy scalars, rebuilt as plain data.
import { decode } from "./decode.js";
import type { Descr, DescrField } from "./descr.js";
import type { DType, NpyArray, NpyData, PickleValue, ScalarDType } from "./dtype.js";
import { NpyError } from "./npy-error.js";
import { parseDescr } from "./parse-descr.js";
import { latin1Bytes } from "./pickle-reader.js";
import { NATIVE_ORDER } from "./scalar-table.js";

/**
 * The dtype of an object array (`|O`): each element is a Python object, 8 bytes (a pointer) in numpy.
 *
 * @example
 * ```ts
 * const array = parse(bytes, { allowPickle: true });
 * if (array.dtype.descr === OBJECT_DTYPE.descr) console.log(array.data); // plain JS values
 * ```
 */
export const OBJECT_DTYPE: ScalarDType<"|O"> = {
  kind: "O",
  descr: "|O",
  itemsize: 8,
  alignment: 8,
  byteOrder: "|",
};

const bad = (message: string): NpyError =>
  new NpyError("BAD_PICKLE", `${message}; the pickle is corrupt or not numpy's`);

/** A short description of a value for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "None";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (value instanceof Map) return `a dict of ${value.size}`;
  if (value instanceof Set) return `a set of ${value.size}`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object" && "global" in value)
    return `the global ${(value as { global: string }).global}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

// numpy.dtype(...) objects not yet given their BUILD state, with the type string they were made from
const pendingDTypes = new WeakMap<object, string>();
// arrays made by _reconstruct, not yet given their BUILD state
const pendingArrays = new WeakSet<object>();

/** `numpy.dtype(typestr, align, copy)`: an empty holder that BUILD turns into a {@link DType}. */
export function newDType(args: PickleValue[]): PickleValue {
  const [typestr] = args;
  if (typeof typestr !== "string")
    throw bad(`numpy.dtype() expects a type string like 'f8', found ${describeValue(typestr)}`);
  const holder = {};
  pendingDTypes.set(holder, typestr);
  return holder as PickleValue;
}

const isTuple = (v: unknown): v is PickleValue[] => Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === "string" ? v : v instanceof Uint8Array ? String.fromCharCode(...v.subarray(0, 64)) : undefined;

/** A {@link DType} from what the pickle gave: a built dtype, or a holder never given state. */
export function dtypeOf(value: unknown, where: string): DType {
  if (typeof value === "object" && value !== null && pendingDTypes.has(value)) buildDType(value, []);
  if (typeof value === "object" && value !== null && "descr" in value && "itemsize" in value)
    return value as DType;
  throw bad(`${where} expects a numpy.dtype, found ${describeValue(value)}`);
}

/** The descr of one field of a struct: `[name, descr]` or `[name, base, shape]`, with its title. */
function fieldDescr(name: string, title: unknown, dtype: DType): DescrField {
  const key = typeof title === "string" ? ([title, name] as [string, string]) : name;
  return dtype.kind === "subarray"
    ? ([key, dtype.base.descr, dtype.shape] as DescrField)
    : ([key, dtype.descr] as DescrField);
}

/** Fields `{ name: (dtype, offset[, title]) }` in offset order, with numpy's `|V` padding between them. */
function structDescr(names: PickleValue[], fields: unknown, elsize: number): Descr {
  if (!(fields instanceof Map)) throw bad(`a structured numpy.dtype's state has no fields dict`);
  const list = names.map((name) => {
    const f = fields.get(name);
    if (typeof name !== "string" || !isTuple(f) || typeof f[1] !== "number")
      throw bad(`field ${describeValue(name)} of a structured numpy.dtype has no (dtype, offset)`);
    return { name, dtype: dtypeOf(f[0], `field '${name}'`), offset: f[1], title: f[2] };
  });
  list.sort((a, b) => a.offset - b.offset);
  const out: DescrField[] = [];
  let at = 0;
  for (const f of list) {
    if (f.offset > at) out.push(["", `|V${f.offset - at}`]);
    out.push(fieldDescr(f.name, f.title, f.dtype));
    at = Math.max(at, f.offset + f.dtype.itemsize);
  }
  if (elsize > at) out.push(["", `|V${elsize - at}`]);
  return out;
}

/** `<M8[25s]` from the datetime metadata numpy keeps in the state: `(unit, num, den, events)`. */
function timeUnit(meta: unknown): string {
  const unit = isTuple(meta) && isTuple(meta[1]) ? meta[1] : undefined;
  const name = text(unit?.[0]);
  if (name === undefined || name === "generic") return "";
  const num = unit?.[1];
  return `[${typeof num === "number" && num !== 1 ? num : ""}${name}]`;
}

/**
 * BUILD on a `numpy.dtype`: state `(version, byteorder, subarray, names, fields, elsize,
 * alignment, flags[, metadata])`, as numpy's `arraydescr_setstate` reads it. The holder becomes the
 * DType in place, so every memo reference to it sees the built dtype.
 */
export function buildDType(holder: object, state: PickleValue[]): boolean {
  const typestr = pendingDTypes.get(holder);
  if (typestr === undefined) return false;
  pendingDTypes.delete(holder);
  const [, order = "=", subarray = null, names = null, fields = null, elsize = -1] = state;
  const kind = typestr.replace(/[0-9]+$/, "");
  let dtype: DType;
  if (kind === "O") dtype = OBJECT_DTYPE as DType;
  else if (isTuple(subarray)) {
    const base = dtypeOf(subarray[0], "a subarray numpy.dtype");
    const shape = [subarray[1]].flat() as number[];
    dtype = parseDescr({ base: base.descr, shape });
  } else if (isTuple(names)) {
    dtype = parseDescr(structDescr(names, fields, typeof elsize === "number" ? elsize : 0));
  } else {
    const size = typeof elsize === "number" && elsize >= 0 ? elsize : Number(typestr.slice(kind.length) || 0);
    const n = kind === "U" ? size / 4 : size;
    const prefix = typeof order === "string" ? order : "=";
    const time = kind === "M" || kind === "m";
    dtype = parseDescr(time ? `${prefix}${kind}8${timeUnit(state[8])}` : `${prefix}${kind}${n}`);
  }
  Object.assign(holder, dtype);
  return true;
}

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

function shapeOf(value: unknown, where: string): number[] {
  const dims = isTuple(value) ? value : [value];
  if (
    !dims.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0) ||
    !Number.isSafeInteger(product(dims as number[]))
  ) {
    throw bad(`${where}: expected a shape of non-negative integers, found ${describeValue(value)}`);
  }
  return dims as number[];
}

/** Raw array bytes from `bytes`, `bytearray` or a Python 2 `str` (Latin-1). */
function rawBytes(value: unknown, where: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return latin1Bytes(value, where);
  throw bad(`${where}: expected the array's bytes, found ${describeValue(value)}`);
}

/** A non-object array's data from its raw bytes, checked against shape × itemsize. */
function arrayData(dtype: DType, shape: number[], bytes: Uint8Array, where: string): NpyData {
  const count = product(shape);
  if (bytes.length !== count * dtype.itemsize) {
    throw bad(
      `${where}: shape (${shape.join(", ")}) of '${JSON.stringify(dtype.descr)}' needs ${count * dtype.itemsize} bytes, found ${bytes.length}`,
    );
  }
  return decode(dtype, bytes, { copy: true, count });
}

/** `_reconstruct(ndarray, (0,), b'b')`: an empty array that BUILD fills (ndarray.__setstate__). */
export function newArray(): NpyArray {
  const array: NpyArray = { dtype: OBJECT_DTYPE as DType, shape: [0], fortranOrder: false, data: [] };
  pendingArrays.add(array);
  return array;
}

/**
 * BUILD on an array from `_reconstruct`: state `([version,] shape, dtype, is_fortran, data)`, where
 * data is the element list of an object array (always in C order: numpy's `_getlist_pkl` walks the
 * array in C order whatever its memory layout) or the raw bytes of any other (in Fortran order when
 * `is_fortran`, as `tobytes(order="A")`).
 */
export function buildArray(array: object, state: PickleValue[]): boolean {
  if (!pendingArrays.has(array)) return false;
  pendingArrays.delete(array);
  const s = state.length === 5 ? state.slice(1) : state;
  if (s.length !== 4)
    throw bad(
      `ndarray state has ${state.length} items, expected 4 or 5 ([version,] shape, dtype, is_fortran, data)`,
    );
  const shape = shapeOf(s[0], "ndarray state");
  const dtype = dtypeOf(s[1], "ndarray state");
  const target = array as NpyArray;
  target.shape = shape;
  target.dtype = dtype;
  if (dtype.kind === "O") {
    const list = s[3];
    if (!isTuple(list) || list.length !== product(shape)) {
      throw bad(
        `an object array of shape (${shape.join(", ")}) needs a list of ${product(shape)} elements, found ${describeValue(list)}`,
      );
    }
    // the element list is in C order even for a Fortran-order array
    target.fortranOrder = false;
    target.data = list;
    return true;
  }
  target.fortranOrder = s[2] === true || s[2] === 1;
  target.data = arrayData(dtype, shape, rawBytes(s[3], "ndarray state"), "ndarray state");
  // numpy's ndarray.__setstate__ swaps non-native data into native order: a pickled >u2 loads as <u2
  const order = dtype.byteOrder;
  if (dtype.kind !== "struct" && dtype.kind !== "subarray" && order !== "|" && order !== NATIVE_ORDER) {
    target.dtype = parseDescr(`${NATIVE_ORDER}${(dtype.descr as string).slice(1)}`);
  }
  return true;
}

/** `numpy._core.numeric._frombuffer(buffer, dtype, shape, order)`: protocol 5's array. */
export function fromBuffer(args: PickleValue[]): PickleValue {
  const [buffer, dt, sh, order] = args;
  const dtype = dtypeOf(dt, "_frombuffer");
  const shape = shapeOf(sh, "_frombuffer");
  const data = arrayData(dtype, shape, rawBytes(buffer, "_frombuffer"), "_frombuffer");
  return { dtype, shape, fortranOrder: order === "F", data };
}

const toInt = (v: number | bigint): number | bigint =>
  typeof v === "bigint" && v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;

/**
 * `numpy._core.multiarray.scalar(dtype, bytes)`: a numpy scalar, as the value it holds. Datetimes and
 * structured scalars stay 0-d arrays so that their unit and fields are kept.
 */
export function scalar(args: PickleValue[]): PickleValue {
  const [dt, raw = null] = args;
  const dtype = dtypeOf(dt, "numpy scalar");
  if (dtype.kind === "O") return raw;
  const bytes = rawBytes(raw, "numpy scalar");
  const data = arrayData(dtype, [], bytes, "numpy scalar");
  if (dtype.kind === "struct" || dtype.kind === "subarray" || dtype.kind === "M" || dtype.kind === "m") {
    return { dtype, shape: [], fortranOrder: false, data };
  }
  switch (dtype.kind) {
    case "b":
      return bytes[0] !== 0;
    case "c": {
      const pair = data as Float64Array;
      return { re: pair[0]!, im: pair[1]! };
    }
    case "S": {
      // np.bytes_ drops trailing NULs, as .item() does
      let end = bytes.length;
      while (end > 0 && bytes[end - 1] === 0) end--;
      return bytes.slice(0, end);
    }
    case "U":
      return (data as string[])[0]!;
    case "V":
      return bytes.slice();
    default:
      return toInt((data as ArrayLike<number | bigint>)[0]!);
  }
}
