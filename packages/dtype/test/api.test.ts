import { expect, it } from "vitest";
import * as cast from "../src/cast.js";
import * as convert from "../src/convert.js";
import * as mod from "../src/index.js";
import * as pickle from "../src/pickle.js";

it("exports exactly the public API", () => {
  expect(Object.keys(mod).sort()).toEqual([
    "FixedStrings",
    "NAT",
    "byteSwap",
    "concatData",
    "dataByteLength",
    "decode",
    "elementCount",
    "encode",
    "nativeOrder",
    "parseDescr",
    "sliceData",
  ]);
});

it("@npyio/dtype/pickle exports exactly the restricted unpickler", () => {
  expect(Object.keys(pickle).sort()).toEqual([
    "OBJECT_DTYPE",
    "PICKLE_LIMITS",
    "decodeObjectArray",
    "unpickle",
  ]);
});

it("@npyio/dtype/convert exports exactly the conversions to JS values and the writers' input normaliser", () => {
  expect(Object.keys(convert).sort()).toEqual([
    "complexParts",
    "dateToDatetime",
    "datetimeToDate",
    "datetimeToISO",
    "inferDType",
    "interleaveComplex",
    "toNpyArray",
  ]);
});

it("@npyio/dtype/cast exports exactly numpy's astype and byte order for numeric dtypes", () => {
  expect(Object.keys(cast).sort()).toEqual(["castData", "isExactCast", "withByteOrder"]);
});
