/**
 * Hand an `NpyArray` to `ndarray` (scijs) or `@stdlib/ndarray`. npyio depends on neither: these
 * adapters are a few lines each, to copy into your code. npyio gives you the data in file element
 * order and native byte order, `shape`, and `fortranOrder`; a strided-array library needs strides,
 * which follow from the last two.
 *
 * This script does not install either library: it computes what the adapters would pass them and
 * checks it by indexing elements of numpy-written Fortran- and C-order fixtures by hand.
 *
 * Run: cd examples && node --import tsx ndarray-adapters.ts
 */
import type { NpyArray } from "npyio";
import { readFile } from "npyio/node";

/** Element strides of a contiguous array: the last axis varies fastest in C order, the first in Fortran. */
export function stridesOf(shape: readonly number[], fortranOrder: boolean): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  const axes = [...shape.keys()];
  for (const axis of fortranOrder ? axes : axes.reverse()) {
    strides[axis] = step;
    step *= shape[axis]!;
  }
  return strides;
}

/**
 * Arguments for scijs `ndarray(data, shape, stride, offset)`:
 *
 * ```ts
 * import ndarray from "ndarray";
 * const { data, shape, stride, offset } = toNdarrayArgs(await readFile("a.npy"));
 * const a = ndarray(data, shape, stride, offset);
 * a.get(1, 2);
 * ```
 *
 * Works for numeric typed arrays; scijs has no complex or bigint dtype (`<i8` data is a
 * BigInt64Array, which it treats as a generic array).
 */
export function toNdarrayArgs(array: NpyArray) {
  return {
    data: array.data,
    shape: array.shape,
    stride: stridesOf(array.shape, array.fortranOrder),
    offset: 0,
  };
}

/** npyio's dtype kind + itemsize → `@stdlib/ndarray` dtype names. */
const STDLIB_DTYPES: Record<string, string> = {
  b1: "bool",
  i1: "int8",
  u1: "uint8",
  i2: "int16",
  u2: "uint16",
  i4: "int32",
  u4: "uint32",
  f4: "float32",
  f8: "float64",
  c8: "complex64",
  c16: "complex128",
};

/**
 * Arguments for `@stdlib/ndarray`'s `ndarray(dtype, buffer, shape, strides, offset, order)`:
 *
 * ```ts
 * import ndarray from "@stdlib/ndarray/ctor";
 * const args = toStdlibArgs(await readFile("a.npy"));
 * const a = ndarray(args.dtype, args.buffer, args.shape, args.strides, args.offset, args.order);
 * a.get(1, 2);
 * ```
 *
 * stdlib's complex dtypes want a `Complex64Array`/`Complex128Array` buffer: wrap npyio's
 * interleaved data with `new Complex64Array(array.data.buffer, array.data.byteOffset, n)`; its
 * `bool` wants a `BooleanArray` over the same bytes.
 */
export function toStdlibArgs(array: NpyArray) {
  const { kind, itemsize } = array.dtype;
  const dtype = STDLIB_DTYPES[`${kind}${itemsize}`];
  if (dtype === undefined)
    throw new Error(`no @stdlib/ndarray dtype for ${JSON.stringify(array.dtype.descr)}`);
  return {
    dtype,
    buffer: array.data,
    shape: array.shape,
    strides: stridesOf(array.shape, array.fortranOrder),
    offset: 0,
    order: array.fortranOrder ? "column-major" : "row-major",
  } as const;
}

/** What both libraries do in `get(...index)`: offset + Σ index[i] * stride[i]. */
const at = (data: ArrayLike<number>, strides: number[], index: number[]) =>
  data[index.reduce((sum, i, axis) => sum + i * strides[axis]!, 0)];

const fixture = (name: string) => readFile(new URL(`../fixtures/npy/${name}`, import.meta.url));

// numpy wrote np.asfortranarray(np.arange(12).reshape(3, 4)): a[i, j] = 4i + j.
const f = (await fixture("i4-2d-fortran.npy")) as NpyArray;
const nd = toNdarrayArgs(f);
console.log(
  `i4-2d-fortran.npy: shape [${nd.shape}], fortranOrder ${f.fortranOrder} → ndarray stride [${nd.stride}]`,
);
for (const [i, j] of [
  [1, 2],
  [2, 3],
]) {
  const got = at(f.data as Int32Array, nd.stride, [i!, j!]);
  console.log(`  a.get(${i}, ${j}) = ${got} (numpy: ${4 * i! + j!})`);
  if (got !== 4 * i! + j!) throw new Error("wrong element");
}

// np.asfortranarray(np.arange(24, dtype=">f8").reshape(2, 3, 4) / 8): a[i, j, k] = (12i + 4j + k) / 8.
const g = (await fixture("f8-be-3d-fortran.npy")) as NpyArray;
const st = toStdlibArgs(g);
console.log(
  `f8-be-3d-fortran.npy: @stdlib/ndarray("${st.dtype}", buffer, [${st.shape}], [${st.strides}], 0, "${st.order}")`,
);
const got = at(g.data as Float64Array, [...st.strides], [1, 2, 3]);
console.log(`  a.get(1, 2, 3) = ${got} (numpy: ${(12 + 8 + 3) / 8})`);
if (got !== 23 / 8) throw new Error("wrong element");

// A C-order array: the strides run the other way.
const c = (await fixture("f8-3d.npy")) as NpyArray;
console.log(`f8-3d.npy: shape [${c.shape}], C order → strides [${stridesOf(c.shape, c.fortranOrder)}]`);
