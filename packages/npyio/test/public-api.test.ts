import { readFileSync } from "node:fs";
import * as npz from "@npyio/npz";
import { expect, it } from "vitest";
import * as main from "../src/index.js";
import * as mainNode from "../src/index.node.js";
import * as node from "../src/node.js";

const PACKAGES = ["header", "dtype", "stream", "npz"];

/**
 * Every entry the four packages publish, read from their package.json `exports`: `browser` for the
 * ones a browser can load, `node` for the Node-only ones (`./node`). A new entry shows up here by
 * itself, so the umbrella cannot forget it.
 */
function entries(): { browser: string[]; node: string[] } {
  const browser: string[] = [];
  const nodeOnly: string[] = [];
  for (const dir of PACKAGES) {
    const url = new URL(`../../${dir}/package.json`, import.meta.url);
    const pkg = JSON.parse(readFileSync(url, "utf8")) as { name: string; exports: Record<string, unknown> };
    for (const key of Object.keys(pkg.exports)) {
      if (key === "./package.json") continue;
      const spec = key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`;
      (key === "./node" ? nodeOnly : browser).push(spec);
    }
  }
  return { browser, node: nodeOnly };
}

const load = (specs: string[]) =>
  Promise.all(specs.map(async (spec) => [spec, (await import(/* @vite-ignore */ spec)) as object] as const));

/** Keys of `mod` that none of `parts` exports: what the entry adds of its own. */
function ownKeys(mod: object, parts: readonly (readonly [string, object])[]): string[] {
  const inherited = new Set(parts.flatMap(([, p]) => Object.keys(p)));
  return Object.keys(mod)
    .filter((k) => !inherited.has(k))
    .sort();
}

it("the four packages publish these entries (browser and Node-only)", () => {
  expect(entries()).toEqual({
    browser: [
      "@npyio/header",
      "@npyio/dtype",
      "@npyio/dtype/convert",
      "@npyio/dtype/pickle",
      "@npyio/dtype/cast",
      "@npyio/stream",
      "@npyio/stream/http",
      "@npyio/stream/slice",
      "@npyio/stream/seekable",
      "@npyio/stream/transforms",
      "@npyio/npz",
      "@npyio/npz/stream",
      "@npyio/npz/fflate",
    ],
    node: ["@npyio/stream/node", "@npyio/npz/node"],
  });
});

it("npyio re-exports every export of every browser entry of the four packages, as the same values", async () => {
  const parts = await load(entries().browser);
  for (const [spec, part] of parts) {
    for (const [key, value] of Object.entries(part))
      expect((main as Record<string, unknown>)[key], `${key} of ${spec}`).toBe(value);
  }
  expect(ownKeys(main, parts)).toMatchInlineSnapshot(`
    [
      "load",
      "loadNpz",
      "open",
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
  // the sync archive writer deflates on node:zlib, as @npyio/npz/node's
  expect(mainNode.saveNpz).toBe(node.saveNpz);
});

it("npyio/node re-exports every export of the Node-only entries, and adds readFile and writeFile", async () => {
  const parts = await load(entries().node);
  for (const [spec, part] of parts) {
    for (const [key, value] of Object.entries(part))
      expect((node as Record<string, unknown>)[key], `${key} of ${spec}`).toBe(value);
  }
  expect(ownKeys(node, parts)).toMatchInlineSnapshot(`
    [
      "readFile",
      "writeFile",
    ]
  `);
});
