import { describe, expect, it } from "vitest";
import * as mod from "../src/index.js";

describe("public API", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(mod).sort()).toEqual([
      "MAGIC",
      "NpyError",
      "checkDataExtent",
      "headerByteLength",
      "isNpyError",
      "parseHeader",
      "parsePythonLiteral",
      "reprDescr",
      "reprPython",
      "serializeHeader",
    ]);
  });
});
