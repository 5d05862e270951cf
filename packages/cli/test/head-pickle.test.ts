/**
 * `npyio head --allow-pickle` prints object arrays as numpy's print() does (numpy's str(): repr of
 * each element, lists as list([...]), nested arrays as array(...)); without the flag, OBJECT_DTYPE.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expected } from "../../../fixtures/index.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { runCli } from "../src/run-cli.js";
import { python } from "./helpers/python.js";
import { root } from "./helpers/run-npyio.js";

const hasNumpy = requireNumpy("the head --allow-pickle ⇄ numpy comparisons");

// what JavaScript values cannot carry, so npyio prints them another way (said in docs/LIMITS.md):
// numpy scalars arrive as plain values (1.5, not np.float32(1.5)), tuples as lists, frozensets as
// sets, OrderedDict as a dict, bytearray as bytes
const UNPRINTABLE: Record<string, string> = {
  "numpy-scalars": "numpy scalars print as their values",
  "nested-lists": "a tuple prints as a list",
  mixed: "a tuple prints as a list",
  dicts: "a tuple key prints as a list; OrderedDict as a dict",
  sets: "a frozenset prints as a set, a tuple as a list",
  bytes: "a bytearray prints as bytes",
  "shared-and-cyclic": "printed the same; kept for the cycle",
};
const files = Object.keys(expected.pickle)
  .filter((n) => n.startsWith("npy/") && n.endsWith("-p4.npy"))
  .map((n) => ({ path: `fixtures/${n}`, kind: /object-(.*)-p4/.exec(n)![1]! }));
const printable = files.filter((f) => UNPRINTABLE[f.kind] === undefined || f.kind === "shared-and-cyclic");
const script = fileURLToPath(new URL("./helpers/head-expected.py", import.meta.url));

async function head(args: string[]): Promise<{ code: number; text: string; err: string }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const out = {
    line: (s: string) => lines.push(s),
    bytes: async () => {},
    note: (s: string) => errors.push(s),
  };
  const stderr = { write: (s: string) => errors.push(s) !== 0, isTTY: false } as never;
  const code = await runCli(["head", "--quiet", ...args], out, stderr);
  return { code, text: lines.map((l) => `${l}\n`).join(""), err: errors.join("") };
}

describe.skipIf(!hasNumpy)("npyio head --allow-pickle prints what numpy prints", () => {
  const want: Record<string, string> = !hasNumpy
    ? {}
    : JSON.parse(python([script, "10", "--allow-pickle", ...printable.map((f) => f.path)], undefined, root));

  it("compares most object fixtures, and says which it cannot", () => {
    expect(printable.length).toBeGreaterThan(10);
    for (const [kind, why] of Object.entries(UNPRINTABLE))
      console.log(`not compared with numpy: ${kind}: ${why}`);
  });

  it.each(printable)("$path", async ({ path }) => {
    const got = await head([join(root, path), "--allow-pickle"]);
    expect(got.code, got.err).toBe(0);
    expect(got.text).toBe(`${want[path]}\n`);
  });

  it("an npz of object arrays, every member", async () => {
    const got = await head([
      join(root, "fixtures/npz/object-savez.npz"),
      "--allow-pickle",
      "--member",
      "text,ragged",
    ]);
    expect(got.code, got.err).toBe(0);
    const members = JSON.parse(
      python([script, "10", "--allow-pickle", "fixtures/npz/object-savez.npz"], undefined, root),
    );
    expect(got.text).toBe(
      `text:\n${members["fixtures/npz/object-savez.npz:text"]}\nragged:\n${members["fixtures/npz/object-savez.npz:ragged"]}\n`,
    );
  });
});

describe("without --allow-pickle", () => {
  it("refuses an object array with OBJECT_DTYPE, and a hostile pickle stays unread", async () => {
    const got = await head([join(root, "fixtures/npy/object-mixed-p4.npy")]);
    expect(got.code).not.toBe(0);
    expect(got.err).toMatch(/OBJECT_DTYPE/);
    const hostile = await head([join(root, "fixtures/hostile/pickle-os-system.npy"), "--allow-pickle"]);
    expect(hostile.err).toMatch(/UNSAFE_PICKLE.*os\.system/);
  });
});
