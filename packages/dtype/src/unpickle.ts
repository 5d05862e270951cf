// A pickle machine that only builds data. It reads the opcodes of protocols 0-5 as CPython's
// `pickle._Unpickler` does, but where Python would import a module and call something it either
// rebuilds an allowed global as plain data (pickle-globals.ts) or refuses with UNSAFE_PICKLE.
import type { NpyArray, PickleGlobal, PickleValue } from "./dtype.js";
import { NpyError } from "./npy-error.js";
import { buildArray, buildDType, describeValue } from "./numpy-pickle.js";
import { checkDepth } from "./pickle-depth.js";
import { globalName, lookupGlobal, rebuildOf } from "./pickle-globals.js";
import { PICKLE_LIMITS, type UnpickleOptions } from "./pickle-options.js";
import { latin1, PickleReader } from "./pickle-reader.js";

const MARK: unique symbol = Symbol("MARK");
type Item = PickleValue | typeof MARK;

// Python refuses to convert ints of more than 4300 digits from text (sys.int_info.default_max_str_digits)
const MAX_INT_DIGITS = 4300;
// a binary int (LONG1/LONG4) of more bytes than this is refused: 8 Mbit, far past any real data
const MAX_INT_BYTES = 1 << 20;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A Python int: a number when it is exact as one, a bigint beyond ±2^53. */
const pyInt = (v: bigint): number | bigint => (v >= -SAFE && v <= SAFE ? Number(v) : v);

const corrupt = (message: string, offset?: number): NpyError =>
  new NpyError("BAD_PICKLE", `${message}; the pickle is corrupt or not one Python writes`, { offset });

const unsafe = (message: string, offset: number): NpyError =>
  new NpyError(
    "UNSAFE_PICKLE",
    `${message} (at byte ${offset}); npyio rebuilds only numpy arrays, dtypes, scalars and builtin containers and never calls anything. Pass { pickleGlobals: "inert" } to get such globals back as inert { global, args } records`,
    { offset },
  );

/** A little-endian two's complement integer (LONG1, LONG4). */
function longOf(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let hex = "";
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, "0");
  let v = BigInt(`0x${hex}`);
  if (bytes[bytes.length - 1]! & 0x80) v -= 1n << BigInt(8 * bytes.length);
  return pyInt(v);
}

/** A decimal int as protocol 0 writes it (`I` and `L`, with Python 2's trailing `L`). */
function decimalOf(text: string, offset: number): number | bigint {
  const digits = text.trim().replace(/L$/, "");
  if (!/^[-+]?[0-9]+$/.test(digits))
    throw corrupt(`expected a decimal integer, found ${JSON.stringify(text.slice(0, 40))}`, offset);
  if (digits.length > MAX_INT_DIGITS) {
    throw new NpyError(
      "LIMIT_EXCEEDED",
      `an int of ${digits.length} digits exceeds Python's own limit of ${MAX_INT_DIGITS} for text`,
      { offset },
    );
  }
  return pyInt(BigInt(digits));
}

/** A float as protocol 0 writes it (Python's `repr`: `inf`, `nan`, `1e+300`). */
function floatOf(text: string, offset: number): number {
  const t = text.trim().toLowerCase();
  if (/^[-+]?inf(inity)?$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(t)) return Number.NaN;
  const v = Number(t);
  if (t === "" || Number.isNaN(v))
    throw corrupt(`expected a float, found ${JSON.stringify(text.slice(0, 40))}`, offset);
  return v;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  r: "\r",
  t: "\t",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "\n": "",
};

/** Protocol 0 `STRING`: a quoted Python 2 string literal, as Latin-1 text. */
function stringLiteral(text: string, offset: number): string {
  const q = text[0];
  if (text.length < 2 || (q !== "'" && q !== '"') || text[text.length - 1] !== q) {
    throw corrupt("the STRING opcode's argument is not a quoted string", offset);
  }
  return text.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])/g, (all, e: string) => {
    if (e[0] === "x") return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8) & 0xff);
    return SIMPLE_ESCAPES[e] ?? all;
  });
}

/** Protocol 0 `UNICODE`: raw-unicode-escape text (only \uXXXX and \UXXXXXXXX are escapes). */
function rawUnicode(text: string, offset: number): string {
  return text.replace(
    /\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g,
    (_, u: string | undefined, big: string | undefined) => {
      const cp = Number.parseInt(u ?? big ?? "", 16);
      if (cp > 0x10ffff) throw corrupt(`\\U${big} is not a Unicode code point`, offset);
      return String.fromCodePoint(cp);
    },
  );
}

const isInert = (v: unknown): v is PickleGlobal =>
  typeof v === "object" && v !== null && "global" in v && typeof (v as PickleGlobal).global === "string";

class Machine {
  readonly stack: Item[] = [];
  readonly marks: number[] = [];
  readonly memo = new Map<number, PickleValue>();
  // the records GLOBAL pushed (only these may be called, and only once)
  readonly fromGlobal = new WeakSet<object>();
  pushed = 0;
  at = 0;
  readonly limits: Required<Omit<UnpickleOptions, "pickleGlobals">>;
  readonly inert: boolean;

  constructor(
    readonly r: PickleReader,
    options: UnpickleOptions,
  ) {
    this.inert = options.pickleGlobals === "inert";
    this.limits = {
      maxElements: options.maxElements ?? PICKLE_LIMITS.maxElements,
      maxDepth: options.maxDepth ?? PICKLE_LIMITS.maxDepth,
      maxStack: options.maxStack ?? PICKLE_LIMITS.maxStack,
      maxMemo: options.maxMemo ?? PICKLE_LIMITS.maxMemo,
    };
  }

  limit(what: string, max: number, option: string): NpyError {
    return new NpyError(
      "LIMIT_EXCEEDED",
      `the pickle ${what} past ${max} (${option}) at byte ${this.at}; raise ${option} if the file is trusted and really this large`,
      { offset: this.at },
    );
  }

  push(value: Item): void {
    if (this.stack.length >= this.limits.maxStack)
      throw this.limit("stacks items", this.limits.maxStack, "maxStack");
    if (++this.pushed > this.limits.maxElements)
      throw this.limit("builds values", this.limits.maxElements, "maxElements");
    this.stack.push(value);
  }

  /** The top value, above the innermost MARK. */
  pop(): PickleValue {
    const floor = this.marks[this.marks.length - 1] ?? 0;
    if (this.stack.length <= floor)
      throw corrupt(`an opcode at byte ${this.at} pops from an empty stack`, this.at);
    return this.stack.pop() as PickleValue;
  }

  top(): PickleValue {
    const floor = this.marks[this.marks.length - 1] ?? 0;
    if (this.stack.length <= floor)
      throw corrupt(`an opcode at byte ${this.at} reads an empty stack`, this.at);
    return this.stack[this.stack.length - 1] as PickleValue;
  }

  /** The items pushed since the innermost MARK, which is removed. */
  popMark(): PickleValue[] {
    const mark = this.marks.pop();
    if (mark === undefined)
      throw corrupt(`an opcode at byte ${this.at} needs a MARK and there is none`, this.at);
    return this.stack.splice(mark) as PickleValue[];
  }

  mark(): void {
    if (this.marks.length >= this.limits.maxStack)
      throw this.limit("stacks MARKs", this.limits.maxStack, "maxStack");
    this.marks.push(this.stack.length);
  }

  put(index: number): void {
    if (!this.memo.has(index) && this.memo.size >= this.limits.maxMemo)
      throw this.limit("memoizes values", this.limits.maxMemo, "maxMemo");
    this.memo.set(index, this.top());
  }

  get(index: number): void {
    if (!this.memo.has(index))
      throw corrupt(`memo entry ${index} is read at byte ${this.at} before it is written`, this.at);
    this.push(this.memo.get(index)!);
  }

  global(module: string, name: string): void {
    const record = lookupGlobal(module, name);
    if (record !== undefined) {
      this.fromGlobal.add(record);
      this.push(record);
      return;
    }
    const full = `${module}.${name}`;
    if (!this.inert)
      throw unsafe(`the pickle names the global ${full}, which npyio will not import or call`, this.at);
    const inert: PickleGlobal = { global: full };
    this.fromGlobal.add(inert);
    this.push(inert);
  }

  /** REDUCE / NEWOBJ / INST / OBJ: `callable(*args)`, rebuilt as data or refused. */
  call(callable: PickleValue, args: PickleValue, kwargs?: PickleValue): void {
    const list = Array.isArray(args) ? args : undefined;
    if (list === undefined)
      throw corrupt(
        `the arguments of a call at byte ${this.at} are ${describeValue(args)}, not a tuple`,
        this.at,
      );
    const fromGlobal = typeof callable === "object" && callable !== null && this.fromGlobal.has(callable);
    const rebuild = fromGlobal ? rebuildOf(callable) : undefined;
    if (rebuild) {
      this.push(rebuild(list, globalName(callable) ?? ""));
      return;
    }
    if (fromGlobal && this.inert && isInert(callable)) {
      const record: PickleGlobal = { global: callable.global, args: list };
      if (kwargs !== undefined) record.kwargs = kwargs;
      this.push(record);
      return;
    }
    const what = fromGlobal && isInert(callable) ? `the global ${callable.global}` : describeValue(callable);
    throw unsafe(`the pickle calls ${what}, which is not a function npyio rebuilds`, this.at);
  }

  build(): void {
    const state = this.pop();
    const target = this.top();
    if (typeof target === "object" && target !== null) {
      if (Array.isArray(state) && (buildArray(target, state) || buildDType(target, state))) return;
      if (this.inert && isInert(target) && target.args !== undefined && target.state === undefined) {
        target.state = state;
        return;
      }
    }
    throw unsafe(
      `BUILD gives ${describeValue(target)} the state ${describeValue(state)}, which would call its __setstate__`,
      this.at,
    );
  }

  setItems(items: PickleValue[]): void {
    const dict = this.top();
    if (!(dict instanceof Map))
      throw corrupt(`SETITEM(S) at byte ${this.at} targets ${describeValue(dict)}, not a dict`, this.at);
    if (items.length % 2 !== 0)
      throw corrupt(`SETITEMS at byte ${this.at} has an odd number of items`, this.at);
    for (let i = 0; i < items.length; i += 2) dict.set(items[i]!, items[i + 1]!);
  }

  append(items: PickleValue[]): void {
    const list = this.top();
    if (!Array.isArray(list))
      throw corrupt(`APPEND(S) at byte ${this.at} targets ${describeValue(list)}, not a list`, this.at);
    for (const item of items) list.push(item);
  }

  addItems(items: PickleValue[]): void {
    const set = this.top();
    if (!(set instanceof Set))
      throw corrupt(`ADDITEMS at byte ${this.at} targets ${describeValue(set)}, not a set`, this.at);
    for (const item of items) set.add(item);
  }

  dict(items: PickleValue[]): void {
    this.push(new Map());
    this.setItems(items);
  }

  text(value: PickleValue, what: string): string {
    if (typeof value !== "string")
      throw corrupt(`${what} at byte ${this.at} is ${describeValue(value)}, not a str`, this.at);
    return value;
  }
}

type Op = (m: Machine, r: PickleReader) => void;

const binInt =
  (n: number): Op =>
  (m, r) =>
    m.push(r.uint(n, "an int"));
const binString =
  (n: number, utf8: boolean): Op =>
  (m, r) => {
    const len = r.uint(n, "a string length");
    m.push(utf8 ? r.utf8(len, "a str") : latin1(r.take(len, "a Python 2 str")));
  };
const binBytes =
  (n: number): Op =>
  (m, r) =>
    m.push(r.take(r.uint(n, "a bytes length"), "bytes").slice());
const tupleN =
  (n: number): Op =>
  (m) => {
    const items: PickleValue[] = [];
    for (let i = 0; i < n; i++) items.unshift(m.pop());
    m.push(items);
  };
const ext: Op = (m) => {
  throw unsafe("the pickle names a global by extension code (copyreg's registry)", m.at);
};
const persistent: Op = (m) => {
  throw unsafe("the pickle holds a persistent id, which would call persistent_load", m.at);
};

/** One handler per opcode, by its byte. */
const OPS: Record<number, Op> = {
  // protocol 0 and 1
  40: (m) => m.mark(), // MARK (
  48: (m) => void m.pop(), // POP 0
  49: (m) => void m.popMark(), // POP_MARK 1
  50: (m) => m.push(m.top()), // DUP 2
  70: (m, r) => m.push(floatOf(r.line("a FLOAT"), m.at)), // FLOAT F
  73: (m, r) => {
    // INT I: protocol 0 writes True and False as I01 and I00
    const t = r.line("an INT").trim();
    m.push(t === "01" ? true : t === "00" ? false : decimalOf(t, m.at));
  },
  74: (m, r) => m.push(r.int32("a BININT")), // BININT J
  75: binInt(1), // BININT1 K
  76: (m, r) => m.push(decimalOf(r.line("a LONG"), m.at)), // LONG L
  77: binInt(2), // BININT2 M
  78: (m) => m.push(null), // NONE N
  80: persistent, // PERSID P
  81: persistent, // BINPERSID Q
  82: (m) => {
    // REDUCE R
    const args = m.pop();
    m.call(m.pop(), args);
  },
  83: (m, r) => m.push(stringLiteral(r.line("a STRING").trimEnd(), m.at)), // STRING S
  84: binString(4, false), // BINSTRING T
  85: binString(1, false), // SHORT_BINSTRING U
  86: (m, r) => m.push(rawUnicode(r.line("a UNICODE"), m.at)), // UNICODE V
  88: binString(4, true), // BINUNICODE X
  97: (m) => m.append([m.pop()]), // APPEND a
  98: (m) => m.build(), // BUILD b
  99: (m, r) => m.global(r.line("a GLOBAL module"), r.line("a GLOBAL name")), // GLOBAL c
  100: (m) => m.dict(m.popMark()), // DICT d
  125: (m) => m.push(new Map()), // EMPTY_DICT }
  101: (m) => m.append(m.popMark()), // APPENDS e
  103: (m, r) => m.get(Number(decimalOf(r.line("a GET"), m.at))), // GET g
  104: (m, r) => m.get(r.uint(1, "a BINGET")), // BINGET h
  105: (m, r) => {
    // INST i: class from the next two lines, arguments since the MARK
    const module = r.line("an INST module");
    const name = r.line("an INST name");
    const args = m.popMark();
    m.global(module, name);
    m.call(m.pop(), args);
  },
  106: (m, r) => m.get(r.uint(4, "a LONG_BINGET")), // LONG_BINGET j
  108: (m) => m.push(m.popMark()), // LIST l
  93: (m) => m.push([]), // EMPTY_LIST ]
  111: (m) => {
    // OBJ o: class and arguments since the MARK
    const [cls = null, ...args] = m.popMark();
    m.call(cls, args);
  },
  112: (m, r) => m.put(Number(decimalOf(r.line("a PUT"), m.at))), // PUT p
  113: (m, r) => m.put(r.uint(1, "a BINPUT")), // BINPUT q
  114: (m, r) => m.put(r.uint(4, "a LONG_BINPUT")), // LONG_BINPUT r
  115: (m) => {
    // SETITEM s
    const value = m.pop();
    const key = m.pop();
    m.setItems([key, value]);
  },
  116: (m) => m.push(m.popMark()), // TUPLE t
  41: (m) => m.push([]), // EMPTY_TUPLE )
  117: (m) => m.setItems(m.popMark()), // SETITEMS u
  71: (m, r) => m.push(r.float64be("a BINFLOAT")), // BINFLOAT G
  // protocol 2
  128: (m, r) => {
    // PROTO
    const v = r.uint(1, "PROTO");
    if (v > 5)
      throw new NpyError("BAD_PICKLE", `the pickle is protocol ${v}; npyio reads protocols 0 to 5`, {
        offset: m.at,
      });
  },
  129: (m) => {
    // NEWOBJ: cls.__new__(cls, *args)
    const args = m.pop();
    m.call(m.pop(), args);
  },
  130: ext, // EXT1
  131: ext, // EXT2
  132: ext, // EXT4
  133: tupleN(1), // TUPLE1
  134: tupleN(2), // TUPLE2
  135: tupleN(3), // TUPLE3
  136: (m) => m.push(true), // NEWTRUE
  137: (m) => m.push(false), // NEWFALSE
  138: (m, r) => m.push(longOf(r.take(r.uint(1, "a LONG1 length"), "a LONG1"))), // LONG1
  139: (m, r) => {
    // LONG4
    const n = r.int32("a LONG4 length");
    if (n < 0) throw corrupt(`LONG4 declares a negative length ${n}`, m.at);
    if (n > MAX_INT_BYTES && n <= r.remaining) {
      throw new NpyError(
        "LIMIT_EXCEEDED",
        `an int of ${n} bytes exceeds npyio's limit of ${MAX_INT_BYTES} bytes`,
        { offset: m.at },
      );
    }
    m.push(longOf(r.take(n, "a LONG4")));
  },
  // protocol 3
  66: binBytes(4), // BINBYTES B
  67: binBytes(1), // SHORT_BINBYTES C
  // protocol 4
  140: binString(1, true), // SHORT_BINUNICODE
  141: binString(8, true), // BINUNICODE8
  142: binBytes(8), // BINBYTES8
  143: (m) => m.push(new Set()), // EMPTY_SET
  144: (m) => m.addItems(m.popMark()), // ADDITEMS
  145: (m) => m.push(new Set(m.popMark())), // FROZENSET
  146: (m) => {
    // NEWOBJ_EX: cls.__new__(cls, *args, **kwargs)
    const kwargs = m.pop();
    const args = m.pop();
    m.call(m.pop(), args, kwargs);
  },
  147: (m) => {
    // STACK_GLOBAL
    const name = m.text(m.pop(), "STACK_GLOBAL's name");
    const module = m.text(m.pop(), "STACK_GLOBAL's module");
    m.global(module, name);
  },
  148: (m) => m.put(m.memo.size), // MEMOIZE
  // FRAME: a length prefix for buffering; the bytes are read as they come, only its length is checked
  149: (_, r) => checkFrame(r),
  // protocol 5
  150: binBytes(8), // BYTEARRAY8
  151: (m) => {
    throw new NpyError(
      "BAD_PICKLE",
      "the pickle refers to an out-of-band buffer (NEXT_BUFFER), which a .npy file cannot carry",
      { offset: m.at },
    );
  },
  152: () => {}, // READONLY_BUFFER: the bytes are already copies
};

function checkFrame(r: PickleReader): void {
  const at = r.pos;
  const n = r.uint(8, "a FRAME length");
  r.take(n, "a FRAME");
  r.pos = at + 8;
}

/**
 * Reads a pickle as data, never calling anything: numpy arrays (`_reconstruct` + ndarray state,
 * `_frombuffer`), dtypes, numpy scalars and Python's builtin values become plain JS values (see
 * {@link PickleValue}); any other global is `UNSAFE_PICKLE` (or an inert {@link PickleGlobal} record with
 * `{ pickleGlobals: "inert" }`). Bounded by {@link UnpickleOptions}: every length is checked against
 * the bytes present before it is read, and the work is linear in the pickle's length.
 *
 * @throws NpyError — `UNSAFE_PICKLE`, `BAD_PICKLE` (unknown opcode, malformed structure),
 * `TRUNCATED` (no STOP before the end), `LIMIT_EXCEEDED` (a bound of {@link UnpickleOptions}).
 *
 * @example
 * ```ts
 * const value = unpickle(bytes); // e.g. ["a", null, 3, [1, 2]]
 * ```
 */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): PickleValue {
  return run(bytes, options).value;
}

function run(bytes: Uint8Array, options: UnpickleOptions): { value: PickleValue; end: number } {
  const r = new PickleReader(bytes);
  const m = new Machine(r, options);
  while (r.remaining > 0) {
    m.at = r.pos;
    const code = r.uint(1, "an opcode");
    if (code === 0x2e) {
      // STOP
      const value = m.pop();
      checkDepth(value, m.limits.maxDepth);
      return { value, end: r.pos };
    }
    const op = OPS[code];
    if (op === undefined) {
      throw new NpyError(
        "BAD_PICKLE",
        `unknown pickle opcode 0x${code.toString(16).padStart(2, "0")} at byte ${m.at}; expected one of protocols 0 to 5, so the data is corrupt or not a pickle`,
        { offset: m.at },
      );
    }
    op(m, r);
  }
  throw new NpyError(
    "TRUNCATED",
    `the pickle ends at byte ${bytes.length} without its STOP opcode; the file is incomplete`,
    { offset: bytes.length },
  );
}

/**
 * Reads the data of an object array (`descr` `|O`): the pickle numpy writes for it, rebuilt as an
 * {@link NpyArray} whose `data` is a JS array of {@link PickleValue} in C order, without calling
 * anything. `shape`, when given (the `.npy` header's), must match the pickled array's.
 *
 * @throws NpyError — those of {@link unpickle}; `BAD_PICKLE` when the pickle is not an object array
 * or its shape differs from `shape`; `TRAILING_DATA` when bytes follow its STOP.
 *
 * @example
 * ```ts
 * const a = decodeObjectArray(bytes.subarray(header.dataOffset), { shape: header.shape });
 * a.data; // ["a", null, 3, [1, 2]]
 * ```
 */
export function decodeObjectArray(
  bytes: Uint8Array,
  options: UnpickleOptions & { shape?: readonly number[] } = {},
): NpyArray<PickleValue[]> {
  const { value, end } = run(bytes, options);
  if (end < bytes.length) {
    throw new NpyError(
      "TRAILING_DATA",
      `${bytes.length - end} bytes follow the pickle's STOP at byte ${end - 1}; this is not one .npy object array`,
      { offset: end },
    );
  }
  const array = value as NpyArray;
  if (
    typeof value !== "object" ||
    value === null ||
    !("dtype" in value) ||
    !Array.isArray(array.data) ||
    array.dtype.kind !== "O"
  ) {
    throw new NpyError(
      "BAD_PICKLE",
      `expected the pickle of a numpy object array, found ${describeValue(value)}; the file's data is not numpy's`,
    );
  }
  const { shape } = options;
  if (
    shape !== undefined &&
    (shape.length !== array.shape.length || shape.some((d, i) => d !== array.shape[i]))
  ) {
    throw new NpyError(
      "BAD_PICKLE",
      `the header declares shape (${shape.join(", ")}) but the pickled array has shape (${array.shape.join(", ")}); the file is corrupt`,
    );
  }
  return array as NpyArray<PickleValue[]>;
}
