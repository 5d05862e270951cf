/**
 * Pickle-aware mutations of object arrays (`npy/object-*.npy` and `hostile/pickle-*.npy`): the .npy
 * header stays, the pickle after it gets opcodes inserted (containers, memo reads and writes, calls,
 * dangerous globals, huge length prefixes), bytes changed, ranges deleted or repeated, or is cut.
 */
import { parseHeader } from "@npyio/header";
import { concat } from "./byte-mutator.js";
import type { Rng } from "./rng.js";

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const u64 = (hi: number, lo: number): number[] => [...u32(lo), ...u32(hi)];

/** Opcode snippets worth splicing into a pickle: each one step from what numpy writes. */
const SNIPPETS: readonly (readonly number[])[] = [
  [0x28], // MARK
  [0x5d], // EMPTY_LIST
  [0x7d], // EMPTY_DICT
  [0x29], // EMPTY_TUPLE
  [0x8f], // EMPTY_SET
  [0x61], // APPEND
  [0x65], // APPENDS
  [0x73], // SETITEM
  [0x75], // SETITEMS
  [0x90], // ADDITEMS
  [0x32], // DUP
  [0x30], // POP
  [0x31], // POP_MARK
  [0x52], // REDUCE
  [0x62], // BUILD
  [0x81], // NEWOBJ
  [0x74], // TUPLE
  [0x85], // TUPLE1
  [0x87], // TUPLE3
  [0x2e], // STOP
  [0x4e], // NONE
  [0x88], // NEWTRUE
  [0x94], // MEMOIZE
  [0x68, 0], // BINGET 0
  [0x68, 1], // BINGET 1
  [0x71, 0], // BINPUT 0
  [0x6a, ...u32(0xffffffff)], // LONG_BINGET of a slot never written
  [0x72, ...u32(0x7fffffff)], // LONG_BINPUT far away
  [0x4b, 7], // BININT1
  [0x8a, 9, 1, 2, 3, 4, 5, 6, 7, 8, 0x80], // LONG1 beyond 2^53
  [0x8b, ...u32(0x7fffffff)], // LONG4, 2 GiB declared
  [0x8d, ...u64(0x7fffffff, 0xffffffff)], // BINUNICODE8, 2^63 declared
  [0x8e, ...u64(0x40000000, 0)], // BINBYTES8
  [0x95, ...u64(0x100, 0)], // FRAME, 1 TiB
  [0x96, ...u64(0, 0x1000)], // BYTEARRAY8, 4 KiB declared
  [0x58, ...u32(0xffffff)], // BINUNICODE, 16 MiB declared
  [0x43, 2, 0x4f, 0x38], // SHORT_BINBYTES 'O8'
  [0x8c, 2, 0x4f, 0x38], // SHORT_BINUNICODE 'O8'
  [0x63, ...ascii("os\nsystem\n")], // GLOBAL os.system
  [0x63, ...ascii("numpy\ndtype\n")], // GLOBAL numpy.dtype
  [0x63, ...ascii("numpy\nndarray\n")], // GLOBAL numpy.ndarray
  [0x63, ...ascii("numpy._core.multiarray\n_reconstruct\n")],
  [0x63, ...ascii("numpy._core.multiarray\nscalar\n")],
  [0x63, ...ascii("builtins\nset\n")],
  [0x63, ...ascii("_codecs\nencode\n")],
  [0x93], // STACK_GLOBAL
  [0x51], // BINPERSID
  [0x82, 1], // EXT1
  [0x97], // NEXT_BUFFER
  [0xff], // no such opcode
];

/** Where the pickle starts: after the header of a readable .npy, else nowhere (the input is kept). */
function pickleStart(bytes: Uint8Array): number | undefined {
  try {
    return parseHeader(bytes, { maxHeaderSize: 1 << 20 }).dataOffset;
  } catch {
    return undefined;
  }
}

/** One to three pickle mutations of an object-array .npy file. */
export function mutatePickle(rng: Rng, input: Uint8Array): Uint8Array {
  const start = pickleStart(input);
  if (start === undefined) return input;
  const header = input.subarray(0, start);
  let p: Uint8Array = input.slice(start);
  const steps = rng.range(1, 3);
  for (let s = 0; s < steps; s++) {
    const at = rng.int(p.length + 1);
    switch (rng.int(6)) {
      case 0: {
        // a snippet (or a run of one, for deep nesting and memo churn)
        const snippet = rng.pick(SNIPPETS);
        const times = rng.chance(0.1) ? rng.range(2, 2000) : 1;
        const run = new Uint8Array(snippet.length * times);
        for (let k = 0; k < times; k++) run.set(snippet, k * snippet.length);
        p = concat(p.subarray(0, at), run, p.subarray(at));
        break;
      }
      case 1:
        if (p.length > 0) p[rng.int(p.length)] = rng.chance(0.5) ? rng.int(256) : rng.pick(SNIPPETS)[0]!;
        break;
      case 2:
        p = concat(p.subarray(0, at), p.subarray(Math.min(p.length, at + rng.range(1, 16))));
        break;
      case 3: {
        // repeat a range: repeated APPENDs, BUILDs and memo writes
        const end = Math.min(p.length, at + rng.range(1, 32));
        const times = rng.range(2, 50);
        const parts = [
          p.subarray(0, end),
          ...Array.from({ length: times }, () => p.subarray(at, end)),
          p.subarray(end),
        ];
        p = concat(...parts);
        break;
      }
      case 4:
        p = p.slice(0, at);
        break;
      default: {
        // a length prefix after an opcode that has one, made huge or off by one
        if (p.length < 5) break;
        const i = rng.int(p.length - 5);
        const v = rng.pick([0xffffffff, 0x7fffffff, p.length, p.length - i, 0]);
        p.set(u32(v), i + 1);
      }
    }
  }
  return concat(header, p);
}
