// Every reader checks a .npy file's length with @npyio/header's checkDataExtent: one rule, one
// wording, whichever way the bytes come in.
import { isNpyError, NpyDecoderStream, parse, readNpy } from "npyio";
import { describe, expect, it } from "vitest";
import { readFixture } from "../../../fixtures/index.js";

/** The NpyError a reader failed with. */
async function failure(read: () => unknown): Promise<{ code: string; message: string; offset?: number }> {
  try {
    await read();
  } catch (err) {
    if (isNpyError(err)) return err;
    throw err;
  }
  throw new Error("the reader did not fail");
}

/** `bytes` as a stream of `size`-byte chunks. */
function chunks(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function drain(stream: ReadableStream<unknown>): Promise<void> {
  const reader = stream.getReader();
  while (!(await reader.read()).done);
}

// numpy's 3 int32 values with their last 6 bytes cut: 128 header bytes, 6 of the 12 data bytes
const cut = readFixture("hostile/truncated-in-data.npy");
// a whole file with 4 bytes after its data
const whole = readFixture("npy/i4-2d.npy");
const long = new Uint8Array([...whole, 1, 2, 3, 4]);

const readers: Array<[string, (bytes: Uint8Array) => unknown]> = [
  ["parse", (b) => parse(b)],
  ["readNpy(bytes)", (b) => readNpy(b)],
  ["readNpy(Blob)", (b) => readNpy(new Blob([b as Uint8Array<ArrayBuffer>]))],
  ["readNpy(stream of 7-byte chunks)", (b) => readNpy(chunks(b, 7))],
  ["NpyDecoderStream", (b) => drain(chunks(b, 7).pipeThrough(new NpyDecoderStream()))],
];

describe("the data length check, shared by every reader", () => {
  it.each(readers)("%s: TRUNCATED in the same words, at the byte where the data ends", async (_, read) => {
    const err = await failure(() => read(cut));
    expect(err.code).toBe("TRUNCATED");
    expect(err.offset).toBe(cut.length);
    expect(err.message).toMatch(
      /^expected 12 bytes of array data( \(.+\))?, found 6; the file is incomplete$/,
    );
  });

  it.each(readers)("%s: TRAILING_DATA in the same words, at the end of the data", async (_, read) => {
    const err = await failure(() => read(long));
    expect(err.code).toBe("TRAILING_DATA");
    expect(err.offset).toBe(whole.length);
    expect(err.message).toMatch(/^expected \d+ bytes of array data( \(.+\))?, found \d+; /);
  });
});
