import { readFileSync } from "node:fs";
import * as node from "@npyio/stream/node";
import { describe, expect, it } from "vitest";

describe("public API (Node)", () => {
  it("@npyio/stream/node exports exactly these values", () => {
    expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
      [
        "appendNpy",
        "fileSink",
        "fileSource",
        "fileWritable",
        "isLocalPath",
        "readFileBytes",
      ]
    `);
  });

  it("package.json exports one entry per source entry file", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      exports: Record<string, { types: string; default: string } | string>;
    };
    expect(Object.keys(pkg.exports)).toEqual([
      ".",
      "./node",
      "./http",
      "./slice",
      "./seekable",
      "./transforms",
      "./package.json",
    ]);
    for (const [key, target] of Object.entries(pkg.exports)) {
      if (key === "./package.json") continue;
      const name = key === "." ? "index" : key.slice(2);
      expect(target).toEqual({ types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` });
      expect(() => readFileSync(new URL(`../src/${name}.ts`, import.meta.url))).not.toThrow();
    }
  });
});
