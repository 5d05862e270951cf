import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";

// Every public export of these entry points has a TSDoc comment with an @example (issue 11). The
// entries resolve each other through tsconfig.base.json's paths, so re-exports reach the sources.
const root = fileURLToPath(new URL("../../", import.meta.url));
const entries = [
  "header/src/index.ts",
  "dtype/src/index.ts",
  "dtype/src/convert.ts",
  "dtype/src/cast.ts",
  "stream/src/index.ts",
  "stream/src/node.ts",
  "stream/src/http.ts",
  "stream/src/slice.ts",
  "stream/src/seekable.ts",
  "stream/src/transforms.ts",
  "npz/src/index.ts",
  "npz/src/index.node.ts",
  "npz/src/node.ts",
  "npz/src/stream.ts",
  "npz/src/fflate.ts",
  "npyio/src/index.ts",
  "npyio/src/index.node.ts",
  "npyio/src/node.ts",
  "npyio/src/repr.ts",
].map((e) => `${root}packages/${e}`);

test("every public export has a doc comment with an @example", () => {
  const config = ts.readConfigFile(`${root}tsconfig.base.json`, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(entries, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const documented = (symbol.declarations ?? []).some((d) =>
        ts.getJSDocTags(d).some((tag) => tag.tagName.text === "example"),
      );
      if (!documented) missing.push(`${entry.slice(root.length)}: ${exported.name}`);
    }
  }
  expect(missing).toEqual([]);
}, 120_000);
