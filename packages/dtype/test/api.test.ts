import { expect, it } from "vitest";
import * as mod from "../src/index.js";

it("exports exactly the public API", () => {
  expect(Object.keys(mod).sort()).toEqual([
    "concatData",
    "dataByteLength",
    "decode",
    "elementCount",
    "encode",
    "inferDType",
    "parseDescr",
    "sliceData",
  ]);
});
