/** Public API snapshots: an accidental export is a visible diff. */
import { expect, it } from "vitest";
import * as fflate from "../src/fflate.js";
import * as main from "../src/index.js";
import * as mainNode from "../src/index.node.js";
import * as node from "../src/node.js";
import * as stream from "../src/stream.js";

it("@npyio/npz exports", () => {
  expect(Object.keys(main).sort()).toMatchInlineSnapshot(`
    [
      "NpzReader",
      "NpzWriter",
      "crc32",
      "defaultCodec",
      "isZip",
      "openMember",
      "saveNpz",
    ]
  `);
});

it("@npyio/npz/stream exports", () => {
  expect(Object.keys(stream).sort()).toMatchInlineSnapshot(`
    [
      "NpzDecoderStream",
      "NpzEncoderStream",
      "readNpzStream",
    ]
  `);
});

it("@npyio/npz/fflate exports", () => {
  expect(Object.keys(fflate).sort()).toMatchInlineSnapshot(`
    [
      "fflateCodec",
    ]
  `);
});

it("@npyio/npz/node exports", () => {
  expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
    [
      "loadNpzFile",
      "nodeCodec",
      "openNpzFile",
      "saveNpz",
      "saveNpzAsync",
      "writeNpzFile",
    ]
  `);
});

it("@npyio/npz under the node condition exports the same names; NpzReader, NpzWriter and saveNpz default to node:zlib", () => {
  expect(Object.keys(mainNode).sort()).toEqual(Object.keys(main).sort());
  expect(mainNode.saveNpz).toBe(node.saveNpz);
  expect(mainNode.saveNpz).not.toBe(main.saveNpz);
  expect(mainNode.NpzReader.prototype).toBeInstanceOf(main.NpzReader);
  expect(mainNode.NpzWriter.prototype).toBeInstanceOf(main.NpzWriter);
});

it("the main entry imports nothing from node:", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const dir = new URL("../src/", import.meta.url);
  for (const f of readdirSync(dir)) {
    // index.node.ts and node*.ts are the `node` condition's and ./node's own (node:zlib and what uses it)
    if (f.startsWith("node") || f === "index.node.ts") continue;
    // nor do the portable files import those
    expect(readFileSync(new URL(f, dir), "utf8"), f).not.toMatch(
      /from "node:|from "\.\/node|(?<!Array)Buffer\./,
    );
  }
});
