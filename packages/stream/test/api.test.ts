import * as main from "@npyio/stream";
import { describe, expect, it } from "vitest";
// the subpath entries have no source alias in vitest.config.ts yet: import them directly
import * as seekable from "../src/seekable.js";
import * as transforms from "../src/transforms.js";

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
