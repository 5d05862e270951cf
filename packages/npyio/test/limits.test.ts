/** load and loadNpz pass the archive limits through to the npz readers, random access and streamed. */
import { describe, expect, it } from "vitest";
import { load, loadNpz, type NpyArray, parseDescr, saveNpz } from "../src/index.js";

const zeros = (n: number): NpyArray => ({
  dtype: parseDescr("<f8"),
  shape: [n],
  fortranOrder: false,
  data: new Float64Array(n),
});
// three members; "a" is 80 kB of zeros, far more compressible than 10:1
const zip = saveNpz({ a: zeros(10_000), b: zeros(2), c: zeros(3) }, { compress: true });
const inputs = {
  bytes: () => zip,
  blob: () => new Blob([zip as Uint8Array<ArrayBuffer>]),
  stream: () => new Blob([zip as Uint8Array<ArrayBuffer>]).stream(),
  response: () => new Response(zip as Uint8Array<ArrayBuffer>),
};
const limits = [
  ["maxMembers", { maxMembers: 2 }, "LIMIT_EXCEEDED"],
  ["maxRatio", { maxRatio: 10 }, "LIMIT_EXCEEDED"],
  ["maxTotalBytes", { maxTotalBytes: 1000 }, "LIMIT_EXCEEDED"],
  ["maxHeaderSize", { maxHeaderSize: 50 }, "HEADER_TOO_LARGE"],
] as const;

describe.each(Object.entries(inputs))("archive limits from %s", (_, input) => {
  it.each(limits)("loadNpz passes %s", async (name, options, code) => {
    await expect(loadNpz(input(), options)).rejects.toMatchObject({
      code,
      message: expect.stringContaining(name),
    });
  });

  it.each(limits)("load passes %s", async (name, options, code) => {
    await expect(load(input(), options)).rejects.toMatchObject({
      code,
      message: expect.stringContaining(name),
    });
  });

  it("limits the archive meets let it through", async () => {
    const options = { maxMembers: 3, maxRatio: 1032, maxTotalBytes: 1 << 20, maxHeaderSize: 10000 };
    expect([...(await loadNpz(input(), options)).keys()]).toEqual(["a", "b", "c"]);
    expect([...((await load(input(), options)) as Map<string, NpyArray>).keys()]).toEqual(["a", "b", "c"]);
  });
});
