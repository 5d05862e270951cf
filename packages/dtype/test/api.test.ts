import { expect, it } from "vitest";
import * as mod from "../src/index.js";

it("exports exactly the public API", () => {
  expect(Object.keys(mod).sort()).toEqual([
    "NAT",
    "complexParts",
    "concatData",
    "dataByteLength",
    "dateToDatetime",
    "datetimeToDate",
    "datetimeToISO",
    "decode",
    "elementCount",
    "encode",
    "inferDType",
    "interleaveComplex",
    "parseDescr",
    "sliceData",
  ]);
});
