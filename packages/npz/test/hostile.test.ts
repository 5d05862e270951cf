/** Hostile archives give typed NpyErrors: no TypeError/RangeError, no hang, no allocation past what the input justifies. */
import { deflateRawSync } from "node:zlib";
import type { NpyErrorCode } from "@npyio/header";
import { isNpyError } from "@npyio/header";
import { describe, expect, it, vi } from "vitest";
import { expected, readFixture } from "../../../fixtures/index.js";
import { fflateCodec } from "../src/fflate-codec.js";
import { nodeCodec } from "../src/node-codec.js";
import { readNpzStream } from "../src/npz-decoder-stream.js";
import { NpzReader } from "../src/npz-reader.js";
import { serializeZip } from "../src/serialize-zip.js";
import { defaultCodec } from "../src/web-codec.js";
import type { ZipCodec } from "../src/zip-codec.js";
import { inflateWhole } from "../src/zip-codec.js";

const enc = (s: string) => new TextEncoder().encode(s);
const setU16 = (b: Uint8Array, o: number, v: number) =>
  new DataView(b.buffer, b.byteOffset).setUint16(o, v, true);
const setU32 = (b: Uint8Array, o: number, v: number) =>
  new DataView(b.buffer, b.byteOffset).setUint32(o, v, true);
const codecs: ZipCodec[] = [fflateCodec, defaultCodec(), nodeCodec];

/** Resolves to the error (or undefined) of reading every member, by random access. */
async function randomAccessError(bytes: Uint8Array, codec?: ZipCodec): Promise<unknown> {
  try {
    await (await NpzReader.open(bytes, codec ? { codec } : {})).toMap();
    return undefined;
  } catch (err) {
    return err;
  }
}

async function streamError(bytes: Uint8Array, codec?: ZipCodec): Promise<unknown> {
  try {
    await readNpzStream(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), codec ? { codec } : {});
    return undefined;
  } catch (err) {
    return err;
  }
}

function expectNpyError(err: unknown, ...codes: NpyErrorCode[]) {
  if (!isNpyError(err, ...codes)) throw new Error(`expected NpyError ${codes.join("|")}, got ${String(err)}`);
}

/** Offsets of the records of a simple archive we wrote: local headers, central headers, end record. */
function find(bytes: Uint8Array, sig: string, from = 0): number {
  return Buffer.from(bytes).indexOf(Buffer.from(sig, "latin1"), from);
}

describe("hostile fixtures written by numpy's generator", () => {
  const hostile = Object.entries(expected.hostile).filter(([p]) => p.endsWith(".npz"));
  it.each(hostile)("%s gives its code by random access", async (path, fx) => {
    expectNpyError(await randomAccessError(readFixture(path)), fx.code);
  });

  it.each(hostile)("%s gives a typed error when streamed", async (path, fx) => {
    const codes: Record<string, NpyErrorCode> = { BAD_ZIP: "TRUNCATED" };
    expectNpyError(await streamError(readFixture(path)), codes[fx.code] ?? fx.code);
  });
});

describe("truncated at every sampled offset", () => {
  for (const path of ["npz/savez.npz", "npz/savez-compressed.npz", "npz/savez-compressed-nonseekable.npz"]) {
    it(`${path}: every prefix fails with an NpyError both ways`, async () => {
      const bytes = readFixture(path);
      for (let cut = 0; cut < bytes.length; cut += cut < 100 ? 1 : 13) {
        const prefix = bytes.slice(0, cut);
        expectNpyError(await randomAccessError(prefix), "BAD_ZIP", "TRUNCATED");
        expectNpyError(await streamError(prefix), "BAD_ZIP", "TRUNCATED");
      }
    });
  }
});

describe("flipped bytes", () => {
  for (const path of ["npz/savez.npz", "npz/savez-compressed.npz"]) {
    it(`${path}: any single flipped byte reads correctly or fails with an NpyError`, async () => {
      const bytes = readFixture(path);
      let failures = 0;
      for (let i = 0; i < bytes.length; i += 3) {
        const bad = bytes.slice();
        bad[i]! ^= 0xff;
        for (const err of [await randomAccessError(bad), await streamError(bad)]) {
          if (err === undefined) continue;
          failures++;
          expectNpyError(err);
        }
      }
      // data bytes are covered by CRC-32, so most flips must be caught
      expect(failures).toBeGreaterThan(bytes.length / 3);
    });
  }
});

describe("lying sizes and deflate bombs", () => {
  const bomb = deflateRawSync(new Uint8Array(32 << 20), { level: 9 });

  it.each(codecs)("engine $name stops a bomb at its declared size", async (codec) => {
    await expect(inflateWhole(codec, bomb, 1000)).rejects.toSatisfy((e) => isNpyError(e, "BAD_ZIP"));
    let seen = 0;
    const out = new Blob([bomb as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(codec.inflateStream(1000))
      .pipeTo(
        new WritableStream({
          write(c) {
            seen += c.length;
          },
        }),
      );
    await expect(out).rejects.toSatisfy((e) => isNpyError(e, "BAD_ZIP"));
    // at most one engine chunk past the limit ever reached the consumer
    expect(seen).toBeLessThanOrEqual(1000);
  });

  it.each(codecs)("engine $name reports a member shorter than declared", async (codec) => {
    await expect(inflateWhole(codec, deflateRawSync(enc("short")), 6)).rejects.toSatisfy((e) =>
      isNpyError(e, "BAD_ZIP"),
    );
  });

  /** A one-member deflated archive whose declared uncompressed size is rewritten. */
  function withDeclaredSize(size: number): Uint8Array {
    const zip = serializeZip([{ name: "a.npy", data: new Uint8Array(4 << 20) }], { compress: true });
    setU32(zip, 22, size);
    setU32(zip, find(zip, "PK\x01\x02") + 24, size);
    return zip;
  }

  it("a member inflating past its declared size is BAD_ZIP by random access and by stream", async () => {
    const zip = withDeclaredSize(1000);
    for (const codec of codecs) {
      expectNpyError(await randomAccessError(zip, codec), "BAD_ZIP");
      expectNpyError(await streamError(zip, codec), "BAD_ZIP");
    }
  });

  it("a local header declaring an impossible ratio is refused before allocating", async () => {
    // 4 GiB - 2 from about 4 kB: deflate cannot expand that much
    const zip = withDeclaredSize(0xfffffffe);
    expectNpyError(await streamError(zip), "BAD_ZIP");
    expectNpyError(await randomAccessError(zip), "BAD_ZIP");
  });

  it("maxTotalBytes stops reading before inflating", async () => {
    const zip = serializeZip([{ name: "a.npy", data: new Uint8Array(5000) }], { compress: true });
    const npz = await NpzReader.open(zip, { maxTotalBytes: 4999 });
    await expect(npz.bytes("a")).rejects.toSatisfy((e) => isNpyError(e, "LIMIT_EXCEEDED"));
    await expect(
      readNpzStream(new Blob([zip as Uint8Array<ArrayBuffer>]).stream(), { maxTotalBytes: 4999 }),
    ).rejects.toSatisfy((e) => isNpyError(e, "LIMIT_EXCEEDED"));
    expect((await (await NpzReader.open(zip, { maxTotalBytes: 5000 })).bytes("a")).length).toBe(5000);
  });
});

/**
 * Runs `fn` with the global Uint8Array constructor watched; returns the largest length it asked
 * for. A request past `refuse` throws instead of allocating, so a regression fails fast.
 */
async function largestUint8Array(fn: () => Promise<unknown>, refuse = 256 << 20): Promise<number> {
  let largest = 0;
  const Original = Uint8Array;
  const Watched: Uint8ArrayConstructor = new Proxy(Original, {
    construct(target, args, newTarget): object {
      const n = typeof args[0] === "number" ? args[0] : 0;
      largest = Math.max(largest, n);
      if (n > refuse) throw new Error(`new Uint8Array(${n})`);
      return Reflect.construct(target, args, newTarget === Watched ? target : newTarget);
    },
  });
  vi.stubGlobal("Uint8Array", Watched);
  try {
    await fn();
  } finally {
    vi.unstubAllGlobals();
  }
  return largest;
}

describe("fuzz findings (fixtures/hostile/fuzz)", () => {
  // 76 deflated bytes whose central directory declares 4 GiB - 2 uncompressed
  const central = readFixture("hostile/fuzz/npz-declared-4gib-central.npz");

  it.each(codecs)(
    "engine $name: a declared size deflate cannot reach is BAD_ZIP before inflating",
    async (codec) => {
      const npz = await NpzReader.open(central, { codec });
      let bytesErr: unknown;
      let streamErr: unknown;
      const largest = await largestUint8Array(async () => {
        bytesErr = await npz.bytes("a").catch((e) => e);
        streamErr = await new Response(npz.stream("a")).arrayBuffer().catch((e) => e);
      });
      for (const err of [bytesErr, streamErr]) {
        expectNpyError(err, "BAD_ZIP");
        expect((err as Error).message).toMatch(/declares 4294967294 bytes from 76 compressed: impossible/);
      }
      expect(largest).toBeLessThan(1 << 20);
    },
  );

  it("a local header whose sizes say 4 GiB (zip64 field lost) is TRUNCATED, growing with the data", async () => {
    const bytes = readFixture("hostile/fuzz/npz-local-sizes-4gib.npz");
    for (const codec of codecs) {
      let err: unknown;
      const largest = await largestUint8Array(async () => {
        err = await streamError(bytes, codec);
      });
      expectNpyError(err, "TRUNCATED");
      expect(largest).toBeLessThanOrEqual(bytes.length);
    }
  });

  it.each(codecs)(
    "engine $name: corrupt deflate data is BAD_ZIP by bytes, stream and header",
    async (codec) => {
      // one flipped bit in b.npy: zlib says "invalid distance too far back", on its writable side too
      const bytes = readFixture("hostile/fuzz/npz-deflate-distance-too-far.npz");
      for (const options of [{ codec }, { codec, chunkSize: 16 }]) {
        const npz = await NpzReader.open(bytes, options);
        for (const err of [
          await npz.bytes("b").catch((e) => e),
          await new Response(npz.stream("b")).arrayBuffer().catch((e) => e),
          await npz.header("b").catch((e) => e),
        ]) {
          expectNpyError(err, "BAD_ZIP", "CRC_MISMATCH");
        }
      }
    },
  );

  it("an honest member still ends in one buffer of exactly its size", async () => {
    const data = new Uint8Array(300_000).map((_, i) => i % 251);
    const zip = serializeZip([{ name: "a.bin", data }], { compress: false });
    const chunks = new Blob([zip as Uint8Array<ArrayBuffer>]).stream();
    const map = await readNpzStream(chunks);
    const got = map.get("a.bin") as Uint8Array;
    expect(Buffer.compare(got, data)).toBe(0);
    expect(got.buffer.byteLength).toBe(data.length);
  });
});

describe("structural lies", () => {
  const two = () =>
    serializeZip([
      { name: "a.npy", data: enc("aaaa") },
      { name: "b.npy", data: enc("bbbb") },
    ]);

  it("overlapping members are refused at open", async () => {
    const zip = two();
    const second = find(zip, "PK\x01\x02", find(zip, "PK\x01\x02") + 1);
    setU32(zip, second + 42, 0);
    expectNpyError(await randomAccessError(zip), "BAD_ZIP");
  });

  it("an absurd member count is refused before anything is allocated", async () => {
    const zip = two();
    const end = find(zip, "PK\x05\x06");
    setU16(zip, end + 8, 65000);
    setU16(zip, end + 10, 65000);
    expectNpyError(await randomAccessError(zip), "BAD_ZIP");
  });

  it("a zip64 end record with 2^40 members is refused", async () => {
    const zip = serializeZip([{ name: "a.npy", data: enc("a") }], { forceZip64: true });
    const z64 = find(zip, "PK\x06\x06");
    setU32(zip, z64 + 24, 0);
    setU32(zip, z64 + 28, 256);
    setU32(zip, z64 + 32, 0);
    setU32(zip, z64 + 36, 256);
    expectNpyError(await randomAccessError(zip), "BAD_ZIP");
  });

  it("a central directory pointing past the end record is refused", async () => {
    const zip = two();
    setU32(zip, find(zip, "PK\x05\x06") + 16, zip.length);
    expectNpyError(await randomAccessError(zip), "BAD_ZIP");
  });

  it("a local header naming another member is refused", async () => {
    const zip = two();
    zip[30] = "x".charCodeAt(0);
    expectNpyError(await randomAccessError(zip), "BAD_ZIP");
  });

  it("unsupported methods, encryption and split archives are UNSUPPORTED_ZIP", async () => {
    for (const patch of [
      (z: Uint8Array) => {
        setU16(z, 8, 14);
        setU16(z, find(z, "PK\x01\x02") + 10, 14);
      },
      (z: Uint8Array) => {
        setU16(z, 6, 1);
        setU16(z, find(z, "PK\x01\x02") + 8, 1);
      },
      (z: Uint8Array) => setU16(z, find(z, "PK\x05\x06") + 4, 1),
    ]) {
      const zip = serializeZip([{ name: "a.npy", data: enc("a") }]);
      patch(zip);
      expectNpyError(await randomAccessError(zip), "UNSUPPORTED_ZIP");
    }
  });

  it("input that is not a zip is BAD_ZIP, whichever reader", async () => {
    const npy = readFixture(Object.keys(expected.npy)[0]!);
    expectNpyError(await randomAccessError(npy), "BAD_ZIP");
    expectNpyError(await streamError(npy), "BAD_ZIP");
    expectNpyError(await streamError(new Uint8Array(0)), "BAD_ZIP");
    expectNpyError(await randomAccessError(new Uint8Array(10)), "BAD_ZIP");
  });

  it("get() on a member that is not .npy is BAD_MAGIC; bytes() reads it", async () => {
    const npz = await NpzReader.open(serializeZip([{ name: "notes.txt", data: enc("hello") }]));
    await expect(npz.get("notes.txt")).rejects.toSatisfy((e) => isNpyError(e, "BAD_MAGIC"));
    expect(new TextDecoder().decode(await npz.bytes("notes.txt"))).toBe("hello");
  });

  it("an aborted signal gives ABORTED", async () => {
    const npz = await NpzReader.open(two());
    await expect(npz.bytes("a", { signal: AbortSignal.abort() })).rejects.toSatisfy((e) =>
      isNpyError(e, "ABORTED"),
    );
    await expect(NpzReader.open(two(), { signal: AbortSignal.abort() })).rejects.toSatisfy((e) =>
      isNpyError(e, "ABORTED"),
    );
  });
});
