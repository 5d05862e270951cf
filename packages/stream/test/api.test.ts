import * as main from "@npyio/stream";
import * as seekable from "@npyio/stream/seekable";
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
        "httpSource",
        "onAbort",
        "openNpy",
        "readHeader",
        "readNpy",
        "readRows",
        "sourceReadable",
        "throwIfAborted",
        "toNpyError",
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
