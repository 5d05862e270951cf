import type { Descr, DescrField, DescrSubarray } from "./descr.js";
import type { FixedStrings } from "./fixed-strings.js";

/**
 * `<` little-endian, `>` big-endian, `|` not applicable (one-byte items, strings of bytes, structs).
 *
 * @example
 * ```ts
 * parseDescr(">i4").byteOrder; // ">"
 * parseDescr("|u1").byteOrder; // "|"
 * ```
 */
export type ByteOrder = "<" | ">" | "|";

/**
 * numpy's one-letter kind of a non-structured dtype. `"O"` (Python objects) only comes from
 * `@npyio/dtype/pickle`: `parseDescr` refuses it.
 *
 * @example
 * ```ts
 * parseDescr("<u2").kind; // "u"
 * ```
 */
export type ScalarKind = "b" | "i" | "u" | "f" | "c" | "S" | "U" | "V" | "M" | "m" | "O";

/**
 * Units of `M8`/`m8`; `"generic"` is a unit-less `<M8` (only NaT is meaningful).
 *
 * @example
 * ```ts
 * const t = parseDescr("<M8[ms]");
 * t.unit; // "ms"
 * ```
 */
export type DatetimeUnit =
  | "Y"
  | "M"
  | "W"
  | "D"
  | "h"
  | "m"
  | "s"
  | "ms"
  | "us"
  | "ns"
  | "ps"
  | "fs"
  | "as"
  | "generic";

interface DTypeCommon<D extends Descr> {
  /** numpy's own spelling of the dtype (`dtype.descr`), so a header written from it matches numpy's. */
  descr: D;
  /** Bytes per element. */
  itemsize: number;
  /** Natural alignment in bytes (the largest primitive inside), as numpy's `dtype.alignment`. */
  alignment: number;
  byteOrder: ByteOrder;
}

/**
 * Every dtype that is not a struct or a subarray: numbers, bool, strings, void, datetime.
 *
 * @example
 * ```ts
 * const t: ScalarDType = parseDescr("<m8[25s]");
 * [t.kind, t.itemsize, t.unit, t.multiplier]; // ["m", 8, "s", 25]
 * ```
 */
export interface ScalarDType<D extends string = string> extends DTypeCommon<D> {
  kind: ScalarKind;
  /** `M8`/`m8` only: the time unit. */
  unit?: DatetimeUnit;
  /** `M8`/`m8` only: how many units one count is (`<M8[25s]` → 25). */
  multiplier?: number;
  /**
   * Long double (`f16`, `c32`, `f12`, `c24`) opened with `{ longDouble: "float64" }`: decoded lossily
   * to float64. Absent otherwise.
   */
  lossy?: true;
}

/**
 * One named field of a structured dtype. Padding (unnamed `V` fields) is not a field.
 *
 * @example
 * ```ts
 * const point = parseDescr([["xy", "<f4", [2]], ["id", "<u2"]]);
 * point.fields.map((f) => [f.name, f.offset, f.shape]); // [["xy", 0, [2]], ["id", 8, []]]
 * ```
 */
export interface DTypeField {
  name: string;
  /** numpy's field title, when the descr gave `(title, name)`. */
  title?: string;
  /** Byte offset of the field inside a record. */
  offset: number;
  /** The field's element dtype (without its subarray shape). */
  dtype: DType;
  /** Subarray shape of the field, `[]` for a plain field. The column holds `n · prod(shape)` elements. */
  shape: number[];
}

/**
 * A structured (record) dtype: numpy kind `V` with fields.
 *
 * @example
 * ```ts
 * const rec: StructDType = parseDescr([["x", "<f8"], ["n", "<i4"]]);
 * rec.itemsize; // 12 (numpy packs fields unless the descr has padding)
 * ```
 */
export interface StructDType<D extends DescrField[] = DescrField[]> extends DTypeCommon<D> {
  kind: "struct";
  /** Named fields in descr order; bytes not covered by a field are padding (written as zeros). */
  fields: DTypeField[];
}

/**
 * A top-level subarray `(base, shape)`: every element is `prod(shape)` elements of `base`.
 *
 * @example
 * ```ts
 * const s = parseDescr({ base: "<i4", shape: [2, 2] });
 * [s.kind, s.itemsize]; // ["subarray", 16]
 * ```
 */
export interface SubarrayDType<D extends DescrSubarray = DescrSubarray> extends DTypeCommon<D> {
  kind: "subarray";
  base: DType;
  shape: number[];
}

/**
 * A parsed numpy dtype. `kind` tells which of the three shapes it is.
 *
 * @example
 * ```ts
 * const dtype: DType = parseDescr(descr);
 * if (dtype.kind === "struct") console.log(dtype.fields.map((f) => f.name));
 * else console.log(dtype.descr, dtype.itemsize);
 * ```
 */
export type DType<D extends Descr = Descr> = D extends string
  ? ScalarDType<D>
  : D extends DescrField[]
    ? StructDType<D>
    : D extends DescrSubarray
      ? SubarrayDType<D>
      : never;

/**
 * Columns of a structured array, keyed by field name. Nested structs nest.
 *
 * @example
 * ```ts
 * const rec = decode(parseDescr([["x", "<f4"], ["n", "<i2"]]), bytes) as NpyRecord;
 * rec.x; // Float32Array: the x of every record
 * ```
 */
export interface NpyRecord {
  [field: string]: NpyData;
}

/**
 * `f2` data: `Float16Array` where the runtime has it, else `Float32Array` (exact values), or raw bits.
 *
 * @example
 * ```ts
 * const h = decode(parseDescr("<f2"), bytes) as Float16Data; // Float16Array where the runtime has it
 * ```
 */
export type Float16Data = Float16Array | Float32Array | Uint16Array;

/**
 * Everything `decode` returns and `encode` accepts. See the README table for which dtype gives which.
 *
 * @example
 * ```ts
 * const data: NpyData = decode(parseDescr("<U5"), bytes); // string[] for U, a typed array for numbers
 * ```
 */
export type NpyData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float16Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array
  | string[]
  | FixedStrings
  | Uint8Array[]
  | NpyRecord
  | PickleValue[];

/**
 * A complex Python number (`complex`, or a numpy complex scalar) in an object array.
 *
 * @example
 * ```ts
 * const z: PickleComplex = { re: 1, im: -2 }; // Python's (1-2j)
 * ```
 */
export interface PickleComplex {
  re: number;
  im: number;
}

/**
 * A Python global that an object array's pickle names but npyio will not call, kept as inert data
 * when read with `{ pickleGlobals: "inert" }`: what the pickle wanted to call, with which arguments.
 *
 * @example
 * ```ts
 * const g: PickleGlobal = { global: "os.system", args: ["echo hi"] }; // never run
 * ```
 */
export interface PickleGlobal {
  /** `"module.name"`, as the pickle spells it. */
  global: string;
  /** The arguments of the call (`REDUCE`, `NEWOBJ`), or `undefined` when the global was not called. */
  args?: PickleValue[];
  /** Keyword arguments of `NEWOBJ_EX`, when present. */
  kwargs?: PickleValue;
  /** What `BUILD` would have passed to `__setstate__`, when present. */
  state?: PickleValue;
}

/**
 * One element of an object array (`dtype=object`), read from its pickle as plain data: `None` →
 * `null`, `bool` → `boolean`, `int` → `number` (`bigint` beyond ±2^53), `float` → `number`,
 * `complex` → {@link PickleComplex}, `str` → `string`, `bytes`/`bytearray` → `Uint8Array`,
 * `list`/`tuple` → arrays, `dict` → `Map`, `set`/`frozenset` → `Set`, a numpy array → an
 * {@link NpyArray}, a numpy scalar → its value (datetime64/timedelta64 scalars: a 0-d `NpyArray`,
 * which keeps the unit), a refused global kept inert → {@link PickleGlobal}.
 *
 * @example
 * ```ts
 * const row: PickleValue[] = ["a", null, 3, [1, 2], new Map([["k", 1]])]; // ['a' None 3 list([1, 2]) {'k': 1}]
 * ```
 */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleComplex
  | PickleValue[]
  | Map<PickleValue, PickleValue>
  | Set<PickleValue>
  | NpyArray
  | PickleGlobal;

/**
 * An array: its dtype, shape, memory order and data in file element order.
 *
 * @example
 * ```ts
 * const a: NpyArray<Float32Array> = {
 *   dtype: parseDescr("<f4"),
 *   shape: [2, 3],
 *   fortranOrder: false,
 *   data: new Float32Array(6),
 * };
 * ```
 */
export interface NpyArray<D extends NpyData = NpyData> {
  dtype: DType;
  shape: number[];
  /** True when `data` is in column-major (Fortran) order, as numpy's `fortran_order`. */
  fortranOrder: boolean;
  data: D;
}

type Stripped<S extends string> = S extends `${"<" | ">" | "|" | "="}${infer R}` ? R : S;

type ScalarData<R extends string> = R extends "b1" | "u1"
  ? Uint8Array
  : R extends "i1"
    ? Int8Array
    : R extends "i2"
      ? Int16Array
      : R extends "u2"
        ? Uint16Array
        : R extends "i4"
          ? Int32Array
          : R extends "u4"
            ? Uint32Array
            : R extends "i8" | `M8${string}` | `m8${string}`
              ? BigInt64Array
              : R extends "u8"
                ? BigUint64Array
                : R extends "f2"
                  ? Float16Data
                  : R extends "f4" | "c8"
                    ? Float32Array
                    : R extends "f8" | "c16"
                      ? Float64Array
                      : R extends `S${number}` | `U${number}`
                        ? string[]
                        : R extends `V${number}`
                          ? Uint8Array[]
                          : NpyData;

type FieldName<N> = N extends string ? N : N extends [string, infer M extends string] ? M : never;

type RecordOf<F extends DescrField[]> = {
  [E in F[number] as FieldName<E[0]> extends "" ? never : FieldName<E[0]>]: DataOf<E[1]>;
};

/**
 * The data type `decode` returns for a descr literal: `DataOf<"<f4">` is `Float32Array`,
 * `DataOf<"<i8">` is `BigInt64Array`, a field list gives a record of columns.
 *
 * @example
 * ```ts
 * const x: DataOf<"<i8"> = new BigInt64Array(3);
 * const r: DataOf<[["a", "<f4"]]> = { a: new Float32Array(3) };
 * ```
 */
export type DataOf<D extends Descr> = Descr extends D
  ? NpyData
  : D extends string
    ? ScalarData<Stripped<D>>
    : D extends DescrField[]
      ? number extends D["length"]
        ? NpyRecord
        : RecordOf<D>
      : D extends DescrSubarray
        ? Descr extends D["base"]
          ? NpyData
          : DataOf<D["base"]>
        : NpyData;
