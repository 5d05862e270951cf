/** maxMembers and maxRatio: LIMIT_EXCEEDED naming the count, the limit and the option, in both readers. */
import { parseDescr } from "@npyio/dtype";
import { isNpyError } from "@npyio/header";
import { describe, expect, it } from "vitest";
import { readNpzStream } from "../src/npz-decoder-stream.js";
import { NpzEncoderStream } from "../src/npz-encoder-stream.js";
import { NpzReader } from "../src/npz-reader.js";
import { saveNpz } from "../src/save-npz.js";

const zeros = (n: number) => ({
  dtype: parseDescr("<f8"),
  shape: [n],
  fortranOrder: false,
  data: new Float64Array(n),
});
const streamOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();

/** The error `promise` rejects with, which must be LIMIT_EXCEEDED. */
async function limitError(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isNpyError(err, "LIMIT_EXCEEDED")) throw new Error(`expected LIMIT_EXCEEDED, got ${String(err)}`);
  return err;
}

describe("maxMembers", () => {
  const zip = saveNpz({ a: zeros(1), b: zeros(2), c: zeros(3) });

  it("NpzReader.open refuses more members than maxMembers, on the end record's count", async () => {
    const err = await limitError(NpzReader.open(zip, { maxMembers: 2 }));
    expect(err.message).toMatch(/3 members/);
    expect(err.message).toMatch(/maxMembers of 2/);
    expect(err.message).toMatch(/raise maxMembers/);
    expect((await NpzReader.open(zip, { maxMembers: 3 })).names()).toEqual(["a", "b", "c"]);
  });

  it("the sequential reader stops at the first member past maxMembers", async () => {
    const err = await limitError(readNpzStream(streamOf(zip), { maxMembers: 2 }));
    expect(err.message).toMatch(/at least 3 members/);
    expect(err.message).toMatch(/maxMembers of 2/);
    expect((await readNpzStream(streamOf(zip), { maxMembers: 3 })).size).toBe(3);
  });

  it("the default admits ordinary archives", async () => {
    expect((await NpzReader.open(zip)).names()).toHaveLength(3);
    expect((await readNpzStream(streamOf(zip))).size).toBe(3);
  });
});

describe("maxRatio", () => {
  // 80 kB of zeros deflate to well under 1 kB: a ratio far above 10
  const zip = saveNpz({ z: zeros(10_000) }, { compress: true });

  it("NpzReader refuses a member whose declared ratio passes maxRatio, before inflating", async () => {
    const npz = await NpzReader.open(zip, { maxRatio: 10 });
    const { size, compressedSize } = npz.entry("z");
    expect(size / compressedSize).toBeGreaterThan(10);
    const err = await limitError(npz.get("z"));
    expect(err.message).toMatch(new RegExp(`${size} bytes from ${compressedSize} compressed`));
    expect(err.message).toMatch(/maxRatio of 10/);
    await limitError(new Response(npz.stream("z")).arrayBuffer());
    expect((await (await NpzReader.open(zip, { maxRatio: 1032 })).get("z")).shape).toEqual([10_000]);
  });

  it("the sequential reader refuses it at its local header", async () => {
    const err = await limitError(readNpzStream(streamOf(zip), { maxRatio: 10 }));
    expect(err.message).toMatch(/maxRatio of 10/);
    expect((await readNpzStream(streamOf(zip), { maxRatio: 1032 })).size).toBe(1);
  });

  it("the sequential reader checks a member whose sizes come only in its data descriptor", async () => {
    const enc = new NpzEncoderStream({ compress: true });
    const w = enc.writable.getWriter();
    void w.write({ key: "z", stream: streamOf(new Uint8Array(100_000)) });
    void w.close();
    const zip = new Uint8Array(await new Response(enc.readable).arrayBuffer());
    const err = await limitError(readNpzStream(streamOf(zip), { maxRatio: 10 }));
    expect(err.message).toMatch(/100000 bytes from \d+ compressed/);
    expect((await readNpzStream(streamOf(zip))).get("z")).toHaveLength(100_000);
  });

  it("a member declaring more than deflate can give is still BAD_ZIP, not a limit", async () => {
    const npz = await NpzReader.open(zip);
    const { compressedSize } = npz.entry("z");
    // the central directory's size field of the only member
    const bad = zip.slice();
    const cd = Buffer.from(bad).lastIndexOf(Buffer.from("PK\x01\x02", "latin1"));
    new DataView(bad.buffer).setUint32(cd + 24, compressedSize * 2000, true);
    const err = await (await NpzReader.open(bad, { maxRatio: 10 })).bytes("z").catch((e: unknown) => e);
    expect(isNpyError(err, "BAD_ZIP")).toBe(true);
  });
});
