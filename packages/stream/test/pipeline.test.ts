import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { NpyDecoderStream, NpyEncoderStream, readNpy, sourceReadable } from "@npyio/stream";
import { fileSource, fileWritable } from "@npyio/stream/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { castStream } from "../src/transforms.js";
import { float64Range, makeNpy } from "./helpers.js";
import { startServer, type TestServer } from "./http-server.js";
import { python } from "./numpy.js";

const hasNumpy = requireNumpy("the numpy check of the pipeline");

// The README's example, run for real: a fetch body decoded, cast f8 → f4 and encoded to a file.
const dir = mkdtempSync(join(tmpdir(), "npyio-stream-pipe-"));
const n = 1 << 20; // 8 MiB of <f8 in, 4 MiB of <f4 out
writeFileSync(join(dir, "in.npy"), makeNpy("<f8", [n / 4, 4], float64Range(n)));
let server: TestServer;
beforeAll(async () => {
  server = await startServer(dir);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("fetch → NpyDecoderStream → castStream → NpyEncoderStream → file", () => {
  it("writes the cast array, reading the body as it arrives", async () => {
    const out = join(dir, "out.npy");
    const response = await fetch(server.url("in.npy"));
    await response
      .body!.pipeThrough(new NpyDecoderStream())
      .pipeThrough(castStream("<f4", { unsafe: true }))
      .pipeThrough(new NpyEncoderStream())
      .pipeTo(fileWritable(out));
    const back = await readNpy(new Uint8Array(readFileSync(out)));
    expect(back.shape).toEqual([n / 4, 4]);
    expect(back.dtype.descr).toBe("<f4");
    const data = back.data as Float32Array;
    expect([data[0], data[12345], data[n - 1]]).toEqual([0, 12345, n - 1]);
    if (hasNumpy) {
      const same = python(
        "import sys,numpy as np; a=np.load(sys.argv[1]); b=np.load(sys.argv[2]); print(a.dtype.str, a.shape, bool((a == b.astype('<f4')).all()))",
        out,
        join(dir, "in.npy"),
      );
      expect(same.trim()).toBe(`<f4 (${n / 4}, 4) True`);
    }
  });
});

describe("Node file streams", () => {
  const path = () => join(dir, "in.npy");
  const check = (data: Float64Array) => expect([data[0], data[777], data[n - 1]]).toEqual([0, 777, n - 1]);

  it("readNpy reads a Node file stream (Readable.toWeb)", async () => {
    const web = Readable.toWeb(createReadStream(path())) as unknown as ReadableStream<Uint8Array>;
    check((await readNpy(web)).data as Float64Array);
  });

  it("readNpy reads a fileSource through sourceReadable, in chunks of any size", async () => {
    const source = await fileSource(path());
    check((await readNpy(sourceReadable(source, { chunkSize: 100_003 }))).data as Float64Array);
    await source.close();
  });
});
