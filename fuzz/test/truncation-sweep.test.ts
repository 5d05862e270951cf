/**
 * Truncation at every offset: each small .npy fixture cut at every byte goes through the synchronous
 * readers and readNpy over a stream, each small .npz fixture cut at every byte through NpzReader and
 * readNpzStream. A cut file must fail with an NpyError of a known code (the whole file is the only
 * length that may succeed), within the bound, allocating no more than the input justifies.
 */
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../fixtures/index.js";
import { installAllocationTracker } from "../src/alloc-tracker.js";

installAllocationTracker();
const { runInput, VIOLATIONS } = await import("../src/run-input.js");
const { targets } = await import("../src/targets.js");

const npy = Object.keys(expected.npy).filter(
  (n) => !n.endsWith("/object.npy") && readFixture(n).length <= 400,
);
const streamed = ["npy/struct-nested.npy", "npy/v3-explicit.npy", "npy/U6-be.npy"];
const pick = (...names: string[]) => targets.filter((t) => names.includes(t.name));

async function sweep(name: string, kind: "npy" | "npz", chosen: typeof targets): Promise<number> {
  const file = readFixture(name);
  for (let at = 0; at < file.length; at++) {
    const outcomes = await runInput({ index: at, kind, recipe: name, bytes: file.subarray(0, at) }, chosen, {
      crossKind: 0,
    });
    expect(
      outcomes.filter((o) => VIOLATIONS.has(o.result)),
      `${name} cut at ${at}`,
    ).toEqual([]);
    // every reader here needs the whole file (parseHeader only its header)
    const decoded = outcomes.filter((o) => o.target !== "header.parseHeader" && o.result === "ok");
    expect(decoded, `${name} cut at ${at}`).toEqual([]);
  }
  return file.length;
}

describe("truncation at every offset", () => {
  it(`${npy.length} .npy fixtures up to 400 bytes: parseHeader and parse`, async () => {
    let cuts = 0;
    for (const name of npy) cuts += await sweep(name, "npy", pick("header.parseHeader", "npyio.parse"));
    expect(cuts).toBeGreaterThan(5000);
  });

  it.each(streamed)("%s: readNpy over a stream in random chunks", async (name) => {
    await sweep(name, "npy", pick("stream.readNpy(stream)"));
  });

  it("npz/zip-non-npy-member.npz: NpzReader and readNpzStream", async () => {
    await sweep("npz/zip-non-npy-member.npz", "npz", pick("npz.NpzReader", "npz.readNpzStream"));
  });

  it("npz/savez-compressed.npz: NpzReader", async () => {
    await sweep("npz/savez-compressed.npz", "npz", pick("npz.NpzReader"));
  });
});
