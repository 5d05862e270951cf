/**
 * The deflate engines of the main entry, on every numpy-written npz fixture, with no Node built-in in
 * sight: this file runs in the Node pass and in Chromium (vitest.browser.config.ts), so the native
 * `DecompressionStream("deflate-raw")` engine is exercised where browsers have it, and fflate is
 * exercised everywhere. Both must give numpy's values.
 */
import type { NpyArray } from "@npyio/dtype";
import { describe, expect, it } from "vitest";
import { expected, type NpzFixture, readFixture } from "../../../fixtures/index.js";
import { fflateCodec } from "../src/fflate.js";
import { defaultCodec, NpzReader, saveNpz, type ZipCodec } from "../src/index.js";
import { readNpzStream } from "../src/stream.js";
import { canonical } from "./canonical.js";
import { chunked } from "./chunked.js";

const inBrowser = typeof window === "object";
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

function expectMembers(got: Map<string, NpyArray | Uint8Array>, fx: NpzFixture) {
  expect([...got.keys()].sort()).toEqual([...Object.keys(fx.members), ...Object.keys(fx.raw ?? {})].sort());
  for (const [key, m] of Object.entries(fx.members)) {
    const array = got.get(key) as NpyArray;
    expect(array.shape).toEqual(m.shape);
    expect(array.dtype.descr).toEqual(m.descr);
    expect(canonical(array.dtype, array.data)).toEqual(m.values);
  }
  for (const [name, bytes] of Object.entries(fx.raw ?? {}))
    expect(hex(got.get(name) as Uint8Array)).toBe(bytes);
}

it("the main entry picks the native engine where the runtime has deflate-raw streams", () => {
  let native = true;
  try {
    new DecompressionStream("deflate-raw" as CompressionFormat);
  } catch {
    native = false;
  }
  expect(defaultCodec().name).toBe(native ? "web" : "fflate");
  // every current Chromium has it, so the browser pass really runs the native engine
  if (inBrowser) expect(defaultCodec().name).toBe("web");
});

const engines: [string, ZipCodec][] = [
  ["default", defaultCodec()],
  ["fflate", fflateCodec],
];

describe.each(engines)("%s engine", (_, codec) => {
  describe.each(Object.entries(expected.npz))("%s", (path, fx) => {
    const bytes = readFixture(path);

    it("random access reads every member to numpy's values", async () => {
      const npz = await NpzReader.open(bytes, { codec });
      expectMembers(await npz.toMap(), fx);
    });

    it("the sequential reader, fed 997-byte chunks, gives the same members", async () => {
      expectMembers(await readNpzStream(chunked(bytes, 997), { codec }), fx);
    });
  });

  it("saveNpz → NpzReader round-trips numpy's arrays, stored and deflated", async () => {
    const src = await (await NpzReader.open(readFixture("npz/savez.npz"), { codec })).toMap();
    const arrays = Object.fromEntries([...src].filter(([, v]) => !(v instanceof Uint8Array))) as Record<
      string,
      NpyArray
    >;
    for (const compress of [false, true]) {
      const again = await (await NpzReader.open(saveNpz(arrays, { compress }), { codec })).toMap();
      for (const [key, a] of Object.entries(arrays)) {
        const b = again.get(key) as NpyArray;
        expect(b.dtype.descr).toEqual(a.dtype.descr);
        expect(b.shape).toEqual(a.shape);
        expect(canonical(b.dtype, b.data)).toEqual(canonical(a.dtype, a.data));
      }
    }
  });
});
