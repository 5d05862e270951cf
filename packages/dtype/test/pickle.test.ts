/**
 * @npyio/dtype/pickle against numpy: every object array numpy wrote (fixtures "pickle" section,
 * protocols 0-5) reads to what np.load(allow_pickle=True) gives, and every hostile pickle gets its
 * typed error without anything being called.
 */
import { parseHeader } from "@npyio/header";
import { describe, expect, it } from "vitest";
import { expected, type PickleNpyFixture, readFixture } from "../../../fixtures/index.js";
import { pyJson } from "../../../fixtures/py-json.js";
import type { NpyArray, PickleGlobal, PickleValue } from "../src/index.js";
import { decodeObjectArray, OBJECT_DTYPE, PICKLE_LIMITS, unpickle } from "../src/pickle.js";
import { npyErrorOf } from "./npy-error-of.js";

const entries = Object.entries(expected.pickle);
const npy = entries.filter(([name]) => name.startsWith("npy/")) as [string, PickleNpyFixture][];
const hostile = entries.filter(([name]) => name.startsWith("hostile/")) as [
  string,
  { code: string; why: string },
][];

/** The pickle after a .npy file's header. */
const pickleOf = (name: string): Uint8Array => {
  const bytes = readFixture(name);
  return bytes.subarray(parseHeader(bytes).dataOffset);
};

/** A pickle from opcodes: protocol 2 header, then `body`, then STOP. */
const p2 = (...body: (string | number[])[]): Uint8Array =>
  new Uint8Array([
    0x80,
    2,
    ...body.flatMap((b) => (typeof b === "string" ? Array.from(b, (c) => c.charCodeAt(0)) : b)),
    0x2e,
  ]);

describe("object arrays numpy wrote read to what np.load(allow_pickle=True) gives", () => {
  it("covers every kind at protocols 2 to 5, and 0 and 1", () => {
    expect(npy.length).toBeGreaterThan(70);
    expect(new Set(npy.map(([, f]) => f.protocol))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it.each(npy)("%s", (name, fixture) => {
    const array = decodeObjectArray(pickleOf(name), { shape: fixture.shape });
    expect(array.dtype).toEqual(OBJECT_DTYPE);
    expect(array.shape).toEqual(fixture.shape);
    expect(pyJson(array)).toEqual(fixture.json);
  });

  it("gives a Fortran-order object array's elements in C order (numpy pickles them so)", () => {
    const a = decodeObjectArray(pickleOf("npy/object-fortran-p4.npy"));
    expect([a.shape, a.fortranOrder, a.data]).toEqual([[2, 3], false, ["a", "b", "c", "d", "e", "f"]]);
  });

  it("maps Python values to plain JS values", () => {
    const [s, none, three, list, f, t, , nan, , big, tuple, dict] = decodeObjectArray(
      pickleOf("npy/object-mixed-p3.npy"),
    ).data;
    expect([s, none, three, list, f, t, big, tuple]).toEqual([
      "a",
      null,
      3,
      [1, 2],
      1.5,
      true,
      2n ** 70n,
      [1, "t"],
    ]);
    expect(nan).toBeNaN();
    expect(dict).toEqual(new Map([["k", null]]));
    const [ragged] = decodeObjectArray(pickleOf("npy/object-ragged-p5.npy")).data as NpyArray[];
    expect(ragged!.data).toEqual(new Float64Array([0, 1, 2]));
    const [set] = decodeObjectArray(pickleOf("npy/object-sets-p4.npy")).data;
    expect(set).toEqual(new Set([1, 2, 3]));
  });

  it("keeps shared references shared and a list that holds itself cyclic (memo cycles terminate)", () => {
    const [a, b, cyclic] = decodeObjectArray(pickleOf("npy/object-shared-and-cyclic-p4.npy"))
      .data as PickleValue[][];
    expect(a).toBe(b);
    expect(cyclic![2]).toBe(cyclic);
  });
});

describe("hostile pickles: a typed error, nothing called", () => {
  it("covers the dangerous globals, a REDUCE chain, nesting, memo abuse and huge lengths", () => {
    expect(hostile.length).toBeGreaterThanOrEqual(20);
  });

  it.each(hostile)("%s", (name, { code }) => {
    const err = npyErrorOf(() => decodeObjectArray(pickleOf(name)));
    expect(err.code, err.message).toBe(code);
  });

  it.each([
    ["os-system", "os.system"],
    ["posix-system", "posix.system"],
    ["builtins-eval", "__builtin__.eval"],
    ["subprocess-popen", "subprocess.Popen"],
    ["user-class", "__main__.Evil"],
    ["getattr-chain", "__builtin__.getattr"],
    ["ndarray-called", "numpy.ndarray"],
    ["ndarray-subclass", "numpy.ma.core.MaskedArray"],
  ])("hostile/pickle-%s.npy names %s", (name, global) => {
    const err = npyErrorOf(() => decodeObjectArray(pickleOf(`hostile/pickle-${name}.npy`)));
    expect(err.message).toContain(global);
    expect(err.message).toMatch(/never calls anything/);
  });

  it("with { pickleGlobals: 'inert' } gives back what the pickle wanted to call, as data", () => {
    const value = unpickle(pickleOf("hostile/pickle-os-system.npy"), { pickleGlobals: "inert" });
    expect(value).toEqual({ global: "os.system", args: ["echo pwned"] });
    const evil = unpickle(pickleOf("hostile/pickle-user-class.npy"), {
      pickleGlobals: "inert",
    }) as PickleGlobal;
    expect(evil).toEqual({ global: "__main__.Evil", args: [], state: new Map([["x", 1]]) });
    const [posix] = decodeObjectArray(pickleOf("hostile/pickle-posix-system.npy"), {
      pickleGlobals: "inert",
    }).data;
    expect(posix).toEqual({ global: "posix.system", args: ["echo pwned"] });
  });

  it("inert records are never called, even by a REDUCE chain", () => {
    // os.system('x') then calling its result: refused even in inert mode
    const chain = p2("cos\nsystem\n", [0x58, 1, 0, 0, 0], "x", [0x85], "R", ")", "R");
    expect(npyErrorOf(() => unpickle(chain, { pickleGlobals: "inert" })).code).toBe("UNSAFE_PICKLE");
  });

  it("a dict key __proto__ is a Map key, not a prototype", () => {
    const value = unpickle(p2("}", [0x58, 9, 0, 0, 0], "__proto__", "}", "s")) as Map<
      PickleValue,
      PickleValue
    >;
    expect([...value.keys()]).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(npyErrorOf(() => unpickle(p2("cbuiltins\n__proto__\n"))).code).toBe("UNSAFE_PICKLE");
    expect(npyErrorOf(() => unpickle(p2("cbuiltins\nconstructor\n"))).code).toBe("UNSAFE_PICKLE");
  });
});

describe("bounds", () => {
  it("has finite defaults", () => {
    expect(PICKLE_LIMITS).toEqual({
      maxElements: 50_000_000,
      maxDepth: 1000,
      maxStack: 1_000_000,
      maxMemo: 10_000_000,
    });
  });

  it.each([
    ["maxStack", { maxStack: 100 }, p2("]".repeat(101))],
    ["maxStack (MARKs)", { maxStack: 100 }, p2("(".repeat(101), "N")],
    ["maxElements", { maxElements: 10 }, p2("]", "(", "N".repeat(20), "e")],
    ["maxMemo", { maxMemo: 3 }, p2("N", "q\x00", "q\x01", "q\x02", "q\x03")],
    ["maxDepth", { maxDepth: 10 }, p2("]".repeat(12), "a".repeat(11))],
  ])("%s: LIMIT_EXCEEDED past the limit", (option, options, bytes) => {
    const err = npyErrorOf(() => unpickle(bytes, options));
    expect(err.code, err.message).toBe("LIMIT_EXCEEDED");
    expect(err.message).toContain(option.split(" ")[0]);
  });

  it("the same pickles within the limits read", () => {
    expect(unpickle(p2("]".repeat(12), "a".repeat(11)), { maxDepth: 12 })).toHaveLength(1);
    expect(unpickle(p2("]", "(", "N".repeat(20), "e"), { maxElements: 30 })).toHaveLength(20);
  });

  it("a billion laughs through the memo stays a small DAG: nothing is expanded", () => {
    // l0 = [None]; l(k+1) = [lk, lk]: 2^40 leaves reachable, 40 lists built
    const body: (string | number[])[] = ["]", "N", "a", "q\x00"];
    for (let i = 0; i < 40; i++) body.push("]", "h\x00", "h\x00", [0x86], "e", "q\x00");
    let node = unpickle(p2(...body.map((b) => (b === "e" ? "" : b)), "")) as unknown;
    expect(node).toBeDefined();
    const laughs = p2("]q\x00", ...Array.from({ length: 40 }, () => "](h\x00h\x00eq\x00"));
    node = unpickle(laughs);
    let depth = 0;
    while (Array.isArray(node) && node.length === 2) {
      expect(node[0]).toBe(node[1]);
      node = node[0];
      depth++;
    }
    expect(depth).toBe(40);
  });

  it("a truncated pickle is TRUNCATED at every cut, never a TypeError or RangeError", () => {
    const whole = pickleOf("npy/object-mixed-p2.npy");
    for (let cut = 0; cut < whole.length; cut++) {
      const err = npyErrorOf(() => decodeObjectArray(whole.subarray(0, cut)));
      expect(["TRUNCATED", "BAD_PICKLE"], `cut at ${cut}: ${err.message}`).toContain(err.code);
    }
  });

  it("TRAILING_DATA after STOP, BAD_PICKLE for a shape that is not the header's", () => {
    const whole = pickleOf("npy/object-none-p3.npy");
    const longer = new Uint8Array(whole.length + 1);
    longer.set(whole);
    expect(npyErrorOf(() => decodeObjectArray(longer)).code).toBe("TRAILING_DATA");
    expect(npyErrorOf(() => decodeObjectArray(whole, { shape: [4] })).code).toBe("BAD_PICKLE");
    expect(npyErrorOf(() => decodeObjectArray(p2("N"))).code).toBe("BAD_PICKLE");
  });
});
