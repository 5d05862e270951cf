import fc from "fast-check";
import type { Descr, DescrField, NpyHeader } from "../src/index.js";

/** dtype strings numpy accepts, in both byte orders and with units and sizes. */
export const dtypeString = fc.constantFrom(
  "|b1",
  "|i1",
  "<i4",
  ">u2",
  "<f8",
  ">f4",
  "<c16",
  "|S5",
  "<U3",
  ">U1",
  "|V4",
  "<M8[ns]",
  ">m8[s]",
);

/** Characters that stress repr: quotes, backslashes, controls, latin1, wide and astral ones. */
const nameChar = fc.oneof(
  fc.constantFrom(
    "'",
    '"',
    "\\",
    " ",
    "\n",
    "\t",
    "\r",
    "\x00",
    "\x7f",
    "\x85",
    "\xa0",
    "é",
    "ÿ",
    "名",
    "π",
    "😀",
    "\u2028",
  ),
  fc.string({ minLength: 1, maxLength: 1 }),
);
const text = fc.string({ unit: nameChar, maxLength: 6 });

const dims = (maxLength: number) => fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength });

/**
 * Descrs numpy can read back: dtype strings and structured lists with nested, titled and subarray
 * fields. Names get an "n" and titles a "t" prefix so they are non-empty and never collide.
 */
export const descr: fc.Arbitrary<Descr> = fc.letrec<{ descr: Descr; fields: DescrField[] }>((tie) => ({
  descr: fc.oneof({ depthSize: "small", withCrossShrink: true }, dtypeString, tie("fields")),
  fields: fc.uniqueArray(text, { minLength: 1, maxLength: 4 }).chain((names) =>
    fc.tuple(
      ...names.map((n) =>
        fc.oneof(
          tie("descr").map((d): DescrField => [`n${n}`, d]),
          tie("descr").map((d): DescrField => [[`t${n}`, `n${n}`], d]),
          fc.tuple(tie("descr"), dims(3)).map(([d, s]): DescrField => [`n${n}`, d, s]),
        ),
      ),
    ),
  ),
})).descr;

/** Shapes from () to 6-d, including zero-size and single huge dimensions, all with a safe product. */
export const shape = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 5 }),
  fc.array(fc.integer({ min: 1, max: 2 ** 26 }), { maxLength: 2 }),
  fc.tuple(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })).map((t) => [...t]),
  fc.tuple(fc.array(fc.nat(), { maxLength: 5 }), fc.nat(5)).map(([s, at]) => s.toSpliced(at, 0, 0)),
);

export const header: fc.Arbitrary<NpyHeader> = fc.record({ descr, fortranOrder: fc.boolean(), shape });
