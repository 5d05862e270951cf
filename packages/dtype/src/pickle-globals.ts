// The only globals an object array's pickle may name: what numpy and Python write for arrays,
// dtypes, scalars and builtin containers. Each is rebuilt here as plain data; nothing is called.
import type { PickleValue } from "./dtype.js";
import { NpyError } from "./npy-error.js";
import { describeValue, fromBuffer, newArray, newDType, scalar } from "./numpy-pickle.js";
import { latin1Bytes } from "./pickle-reader.js";

type Rebuild = (args: PickleValue[], name: string) => PickleValue;

const bad = (name: string, expected: string, args: PickleValue[]): NpyError =>
  new NpyError(
    "BAD_PICKLE",
    `${name}(${args.map(describeValue).join(", ")}): expected ${expected}; the pickle is corrupt or not one Python writes`,
  );

const number = (v: PickleValue): number =>
  typeof v === "bigint" ? Number(v) : typeof v === "boolean" ? +v : (v as number);

/** Items of an iterable argument (a list, tuple, set or dict's keys). */
function itemsOf(v: PickleValue | undefined, name: string, args: PickleValue[]): PickleValue[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (v instanceof Set || v instanceof Map) return [...v.keys()];
  throw bad(name, "a list or tuple", args);
}

function bytesOf(args: PickleValue[], name: string): Uint8Array {
  const [source, encoding] = args;
  if (source === undefined) return new Uint8Array(0);
  if (source instanceof Uint8Array) return source.slice();
  // Python writes bytes as (text, 'latin1') for protocols that have no bytes opcode
  if (typeof source === "string" && /^latin-?1$/i.test(String(encoding))) return latin1Bytes(source, name);
  if (
    Array.isArray(source) &&
    source.every((b) => typeof b === "number" && Number.isInteger(b) && b >= 0 && b < 256)
  )
    return Uint8Array.from(source as number[]);
  throw bad(name, "bytes, a list of byte values or (text, 'latin1')", args);
}

/** Callable globals, by their Python 3 name. */
const CALLABLES: Record<string, Rebuild> = {
  "numpy._core.multiarray._reconstruct": (args, name) => {
    const [subtype] = args;
    if (globalName(subtype) !== "numpy.ndarray") {
      // a subclass (np.matrix, a masked array, a user class) would run its own code
      throw new NpyError(
        "UNSAFE_PICKLE",
        `${name} rebuilds ${describeValue(subtype ?? null)}, not numpy.ndarray; npyio only rebuilds plain ndarrays`,
      );
    }
    return newArray();
  },
  "numpy._core.multiarray.scalar": (args) => scalar(args),
  "numpy._core.numeric._frombuffer": (args) => fromBuffer(args),
  "numpy.dtype": (args) => newDType(args),
  "builtins.complex": (args) => ({ re: number(args[0] ?? 0), im: number(args[1] ?? 0) }),
  "builtins.set": (args, name) => new Set(itemsOf(args[0], name, args)),
  "builtins.frozenset": (args, name) => new Set(itemsOf(args[0], name, args)),
  "builtins.bytearray": (args, name) => bytesOf(args, name),
  "builtins.bytes": (args, name) => bytesOf(args, name),
  "_codecs.encode": (args, name) => bytesOf(args, name),
  "collections.OrderedDict": (args, name) =>
    new Map(
      itemsOf(args[0], name, args).map((pair) => {
        if (!Array.isArray(pair) || pair.length !== 2) throw bad(name, "(key, value) pairs", args);
        return [pair[0]!, pair[1]!];
      }),
    ),
};

/** Globals that may appear as values but are never called (the array class `_reconstruct` takes). */
const MARKERS = new Set(["numpy.ndarray"]);

// the modules Python 2 and numpy 1.x spell differently
const MODULES: Record<string, string> = {
  __builtin__: "builtins",
  copy_reg: "copyreg",
  "numpy.core.multiarray": "numpy._core.multiarray",
  "numpy.core._multiarray_umath": "numpy._core.multiarray",
  "numpy._core._multiarray_umath": "numpy._core.multiarray",
  "numpy.core.numeric": "numpy._core.numeric",
};

// the records GLOBAL made, with their canonical name
const canonical = new WeakMap<object, string>();

/** The canonical name of a global record made by GLOBAL, or undefined for any other value. */
export function globalName(value: unknown): string | undefined {
  return typeof value === "object" && value !== null ? canonical.get(value) : undefined;
}

/** What GLOBAL / STACK_GLOBAL push for `module.name`; `undefined` when the global is not allowed. */
export function lookupGlobal(module: string, name: string): { global: string } | undefined {
  const full = `${MODULES[module] ?? module}.${name}`;
  if (!Object.hasOwn(CALLABLES, full) && !MARKERS.has(full)) return undefined;
  const record = { global: `${module}.${name}` };
  canonical.set(record, full);
  return record;
}

/** The rebuild function of an allowed callable global, by its record. */
export function rebuildOf(record: unknown): Rebuild | undefined {
  const name = globalName(record);
  return name === undefined ? undefined : CALLABLES[name];
}
