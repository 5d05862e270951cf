import * as dtype from "@npyio/dtype";
import * as dtypeCast from "@npyio/dtype/cast";
import * as dtypeConvert from "@npyio/dtype/convert";
import * as dtypePickle from "@npyio/dtype/pickle";
import * as header from "@npyio/header";
import * as npz from "@npyio/npz";
import * as npzFflate from "@npyio/npz/fflate";
import * as npzNode from "@npyio/npz/node";
import * as npzStream from "@npyio/npz/stream";
import * as stream from "@npyio/stream";
import * as streamNode from "@npyio/stream/node";
import { expect, it } from "vitest";
import * as main from "../src/index.js";
import * as mainNode from "../src/index.node.js";
import * as node from "../src/node.js";

/** Keys of `mod` that none of `parts` exports: what the entry adds of its own. */
function ownKeys(mod: object, parts: object[]): string[] {
  const inherited = new Set(parts.flatMap((p) => Object.keys(p)));
  return Object.keys(mod)
    .filter((k) => !inherited.has(k))
    .sort();
}

it("npyio re-exports every export of the four packages, as the same values", () => {
  for (const part of [
    header,
    dtype,
    dtypeCast,
    dtypeConvert,
    dtypePickle,
    stream,
    npz,
    npzStream,
    npzFflate,
  ]) {
    for (const [key, value] of Object.entries(part))
      expect((main as Record<string, unknown>)[key], key).toBe(value);
  }
});

it("npyio adds exactly its convenience API", () => {
  expect(
    ownKeys(main, [header, dtype, dtypeCast, dtypeConvert, dtypePickle, stream, npz, npzStream, npzFflate]),
  ).toMatchInlineSnapshot(`
    [
      "load",
      "loadNpz",
      "parse",
      "save",
    ]
  `);
});

it("npyio under the node condition exports the same names, with load and loadNpz that read paths", () => {
  expect(Object.keys(mainNode).sort()).toEqual(Object.keys(main).sort());
  expect(mainNode.load).not.toBe(main.load);
  expect(mainNode.loadNpz).not.toBe(main.loadNpz);
  expect(mainNode.NpzReader).toBe(npz.NpzReader);
});

it("npyio/node re-exports the Node entries of stream and npz, and adds readFile and writeFile", () => {
  for (const part of [streamNode, npzNode]) {
    for (const [key, value] of Object.entries(part))
      expect((node as Record<string, unknown>)[key], key).toBe(value);
  }
  expect(ownKeys(node, [streamNode, npzNode])).toMatchInlineSnapshot(`
    [
      "readFile",
      "writeFile",
    ]
  `);
});

it("npyio/repr exports numpy's printing: arrays, elements, scalars", async () => {
  const repr = await import("../src/repr.js");
  expect(Object.keys(repr).sort()).toMatchInlineSnapshot(`
    [
      "datetimeAsString",
      "formatArray",
      "formatElement",
      "formatFloatScalar",
      "formatScalar",
      "roundToFloat16",
    ]
  `);
});
