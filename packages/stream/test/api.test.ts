import * as main from "@npyio/stream";
import * as http from "@npyio/stream/http";
import * as seekable from "@npyio/stream/seekable";
import * as slice from "@npyio/stream/slice";
import * as transforms from "@npyio/stream/transforms";
import { describe, expect, it } from "vitest";

describe("public API", () => {
  it("@npyio/stream exports exactly these values", () => {
    expect(Object.keys(main).sort()).toMatchInlineSnapshot(`
      [
        "NpyDecoderStream",
        "NpyEncoderStream",
        "abortError",
        "abortable",
        "allocateBytes",
        "blobSource",
        "bytesSource",
        "checkAllocatable",
        "onAbort",
        "readHeader",
        "readNpy",
        "sourceReadable",
        "throwIfAborted",
        "toNpyError",
      ]
    `);
  });

  it("@npyio/stream/http exports exactly these values", () => {
    expect(Object.keys(http).sort()).toMatchInlineSnapshot(`
      [
        "httpSource",
      ]
    `);
  });

  it("@npyio/stream/slice exports exactly these values", () => {
    expect(Object.keys(slice).sort()).toMatchInlineSnapshot(`
      [
        "openNpy",
        "readRows",
      ]
    `);
  });

  it("@npyio/stream/seekable exports exactly these values", () => {
    expect(Object.keys(seekable).sort()).toMatchInlineSnapshot(`
      [
        "fileSystemSink",
        "npyAppendWritable",
        "npyWritable",
      ]
    `);
  });

  it("@npyio/stream/transforms exports exactly these values", () => {
    expect(Object.keys(transforms).sort()).toMatchInlineSnapshot(`
      [
        "byteOrderStream",
        "castStream",
        "mapRows",
      ]
    `);
  });
});
