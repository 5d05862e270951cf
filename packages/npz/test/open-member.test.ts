/**
 * openMember: a stored member sliced in place gives what slicing the member's own bytes gives
 * (that path is checked against numpy in @npyio/stream's open-npy.test.ts), reading only its bytes.
 */
import { parseDescr } from "@npyio/dtype";
import { isNpyError } from "@npyio/header";
import { type ByteSource, bytesSource } from "@npyio/stream";
import { openNpy } from "@npyio/stream/slice";
import { describe, expect, it } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { NpzReader, openMember } from "../src/npz-reader.js";
import { saveNpz } from "../src/save-npz.js";

/** A source over `bytes` that records every read. */
function recording(bytes: Uint8Array) {
  const inner = bytesSource(bytes);
  const reads: [offset: number, length: number][] = [];
  const source: ByteSource = {
    size: bytes.length,
    read(offset, length, options) {
      reads.push([offset, length]);
      return inner.read(offset, length, options);
    },
  };
  return { source, reads };
}

const INDICES: unknown[][] = [[], ["..."], [-1], ["::-1"], [null, [null, null, 2]], ["1:, ::-2"]];

describe("openMember", () => {
  const archive = readFixture("npz/savez.npz");
  const members = Object.keys(expected.npz["npz/savez.npz"]!.members);

  it.each(members)("%s: every slice equals the same slice of the member's bytes", async (key) => {
    const npz = await NpzReader.open(archive);
    const reader = await openMember(npz, key);
    const whole = await openNpy(bytesSource(await npz.bytes(key)));
    expect(reader.header).toEqual(whole.header);
    for (const index of INDICES) {
      const want = await whole.slice(...(index as [])).catch((err: Error) => err);
      const got = await reader.slice(...(index as [])).catch((err: Error) => err);
      if (want instanceof Error) expect((got as Error).message).toBe(want.message);
      else expect(got).toEqual(want);
    }
  });

  it("reads the local header and the .npy header in one read, then only the slice's bytes", async () => {
    const data = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const big = { dtype: parseDescr("<f8"), shape: [100, 100], fortranOrder: false, data };
    const zip = saveNpz({ big }, { compress: false });
    const { source, reads } = recording(zip);
    const npz = await NpzReader.open(source);
    reads.length = 0;
    const reader = await openMember(npz, "big");
    expect(reads).toHaveLength(1);
    const [at, first] = reads[0]!;
    expect(at).toBe(npz.entry("big").localHeaderOffset);
    reads.length = 0;
    const column = await reader.slice(null, 7, { coalesceGap: 0 });
    expect(Array.from(column.data as Float64Array)).toEqual(
      Array.from({ length: 100 }, (_, i) => i * 100 + 7),
    );
    // one 8-byte read per row, at the plan's offset in the member plus where the member starts,
    // except for the rows the first read already holds
    const plan = reader.plan(null, 7, { coalesceGap: 0 });
    const start = reads.at(-1)![0] - plan.offsets.at(-1)!;
    const held = plan.offsets.filter((o) => start + o + 8 <= at + first).length;
    expect(held).toBeGreaterThan(0);
    expect(reads).toEqual(plan.offsets.slice(held).map((o) => [start + o, 8]));
    // which is where the member's .npy file starts in the archive
    // byte by byte: a browser's "latin1" TextDecoder is windows-1252, where 0x93 is a quote mark
    expect(String.fromCharCode(...zip.subarray(start, start + 6))).toBe("\x93NUMPY");
    expect(start).toBeGreaterThan(at);
  });

  it("serves a small member from the read that found it", async () => {
    const { source, reads } = recording(archive);
    const npz = await NpzReader.open(source);
    const reader = await openMember(npz, "floats_be");
    reads.length = 0;
    expect((await reader.slice([2, 5])).shape).toEqual([3]);
    expect(reads).toEqual([]);
  });

  it("refuses a deflated member with NOT_SEEKABLE, saying how to read it", async () => {
    const npz = await NpzReader.open(readFixture("npz/savez-compressed.npz"));
    const err = await openMember(npz, "ints").catch((e: unknown) => e);
    expect(err).toSatisfy((e: unknown) => isNpyError(e, "NOT_SEEKABLE"));
    expect((err as Error).message).toBe(
      'member "ints.npy" is deflated, so its bytes cannot be read at an offset; read it whole with get("ints") or stream it with stream("ints")',
    );
  });

  it("names the members there are when asked for one that is not", async () => {
    const npz = await NpzReader.open(archive);
    await expect(openMember(npz, "nope")).rejects.toSatisfy((e: unknown) =>
      isNpyError(e, "MEMBER_NOT_FOUND"),
    );
  });

  it("applies the reader's maxHeaderSize unless the call gives its own", async () => {
    const npz = await NpzReader.open(archive, { maxHeaderSize: 16 });
    await expect(openMember(npz, "ints")).rejects.toSatisfy((e: unknown) =>
      isNpyError(e, "HEADER_TOO_LARGE"),
    );
    const whole = await openMember(await NpzReader.open(archive), "ints");
    expect((await openMember(npz, "ints", { maxHeaderSize: 10_000 })).header).toEqual(whole.header);
  });

  it("refuses what is not an NpzReader with INVALID_ARGUMENT", async () => {
    const err = await openMember({} as NpzReader, "ints").catch((e: unknown) => e);
    expect(err).toSatisfy((e: unknown) => isNpyError(e, "INVALID_ARGUMENT"));
    expect((err as Error).message).toBe("openMember expects an NpzReader (from NpzReader.open)");
  });
});
