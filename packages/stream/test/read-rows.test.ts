import { join } from "node:path";
import { type DType, decode, type NpyData, parseDescr, sliceData } from "@npyio/dtype";
import { isNpyError, parseHeader } from "@npyio/header";
import { type ByteSource, bytesSource, readHeader } from "@npyio/stream";
import { httpSource } from "@npyio/stream/http";
import { fileSource } from "@npyio/stream/node";
import { readRows } from "@npyio/stream/slice";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expected, fixturesDir, type PickleNpyFixture, readFixture } from "../../../fixtures/index.js";
import { limitsFor, readableFixtures } from "./helpers.js";
import { startServer, type TestServer } from "./http-server.js";

const decodeWhole = decode as (dtype: DType, bytes: Uint8Array) => NpyData;

/** Counts the reads a source serves. */
function counting(source: ByteSource) {
  const reads: [number, number][] = [];
  const wrapped: ByteSource = {
    get size() {
      return source.size;
    },
    read(offset, length, options) {
      reads.push([offset, length]);
      return source.read(offset, length, options);
    },
  };
  return { source: wrapped, reads };
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer(fixturesDir);
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const rowFixtures = readableFixtures.filter((name) => {
  const f = expected.npy[name]!;
  return f.shape.length > 0 && (!f.fortranOrder || f.shape.length === 1);
});

describe("readHeader", () => {
  it.each(readableFixtures)("%s: the header in one read (two for a long header)", async (name) => {
    const fixture = expected.npy[name]!;
    const { source, reads } = counting(bytesSource(readFixture(name)));
    const header = await readHeader(source, limitsFor(name));
    expect(header.shape).toEqual(fixture.shape);
    expect(header.dataOffset).toBe(fixture.dataOffset);
    expect(header.version).toBe(fixture.version);
    expect(reads.length).toBe(fixture.dataOffset > 1024 ? 2 : 1);
  });

  it("fails with the hostile fixtures' codes (data problems when the rows are read)", async () => {
    for (const [name, { code }] of Object.entries(expected.hostile)) {
      if (!name.endsWith(".npy")) continue;
      const source = bytesSource(readFixture(name));
      let err = await readHeader(source).catch((e: unknown) => e);
      // a header-only read cannot see that the data is short: readRows does
      if (!isNpyError(err) && code === "TRUNCATED") err = await readRows(source, 0).catch((e: unknown) => e);
      expect(err, name).toSatisfy((e: unknown) => isNpyError(e, code));
    }
  });

  it("an object array's header is OBJECT_DTYPE, or dtype |O with allowPickle (shape as numpy wrote it)", async () => {
    const name = "npy/object-str-p3.npy";
    const source = bytesSource(readFixture(name));
    expect(await readHeader(source).catch((e: unknown) => e)).toSatisfy((e: unknown) =>
      isNpyError(e, "OBJECT_DTYPE"),
    );
    const header = await readHeader(source, { allowPickle: true });
    expect(header.dtype.descr).toBe("|O");
    expect(header.shape).toEqual((expected.pickle[name] as PickleNpyFixture).shape);
    expect(header.dataOffset).toBe(parseHeader(readFixture(name)).dataOffset);
  });
});

describe("readRows", () => {
  it.each(rowFixtures)("%s: every range of rows equals that slice of the whole", async (name) => {
    const bytes = readFixture(name);
    const h = parseHeader(bytes, limitsFor(name));
    const dtype = parseDescr(h.descr);
    const whole = decodeWhole(dtype, bytes.slice(h.dataOffset));
    const rows = h.shape[0]!;
    const perRow = h.shape.slice(1).reduce((a, b) => a * b, 1);
    const source = bytesSource(bytes);
    const header = await readHeader(source, limitsFor(name));
    for (const [start, end] of [
      [0, rows],
      [0, Math.min(1, rows)],
      [Math.floor(rows / 2), rows],
      [rows, rows],
    ] as const) {
      const part = await readRows(source, start, end, { header });
      expect(part.shape).toEqual([end - start, ...h.shape.slice(1)]);
      expect(part.data).toEqual(sliceData(dtype, whole, start * perRow, end * perRow));
    }
  });

  it("fetches only the header and the rows' bytes over HTTP", async () => {
    const name = "npy/f4-random-1000.npy";
    const source = httpSource(server.url(name));
    const part = await readRows(source, 100, 110);
    expect(part.shape).toEqual([10]);
    const whole = decodeWhole(parseDescr("<f4"), readFixture(name).slice(128));
    expect(part.data).toEqual((whole as Float32Array).slice(100, 110));
    expect(server.ranges).toEqual(["bytes=0-1023", "bytes=528-567"]);
    expect(server.bytesSent).toBe(1024 + 40);
  });

  it("reads rows from a local file", async () => {
    const source = await fileSource(join(fixturesDir, "npy/i4-2d.npy"));
    const part = await readRows(source, 1, 3);
    expect(part.shape).toEqual([2, 4]);
    expect(Array.from(part.data as Int32Array).map(String)).toEqual(
      expected.npy["npy/i4-2d.npy"]!.values!.slice(4, 12),
    );
    await source.close();
  });

  it("defaults end to the number of rows", async () => {
    const part = await readRows(bytesSource(readFixture("npy/i4-2d.npy")), 2);
    expect(part.shape).toEqual([1, 4]);
  });

  it("fails with INVALID_ARGUMENT for a Fortran-order array, a 0-d array or rows out of range", async () => {
    const cases: [string, number, number | undefined][] = [
      ["npy/i4-2d-fortran.npy", 0, 1],
      ["npy/f8-0d.npy", 0, 1],
      ["npy/i4-2d.npy", 2, 1],
      ["npy/i4-2d.npy", 0, 4],
      ["npy/i4-2d.npy", -1, 1],
    ];
    for (const [name, start, end] of cases) {
      const err = await readRows(bytesSource(readFixture(name)), start, end).catch((e: unknown) => e);
      expect(err, `${name} ${start}..${end}`).toSatisfy((e: unknown) => isNpyError(e, "INVALID_ARGUMENT"));
    }
  });

  it("fails with TRUNCATED when the file ends inside the rows", async () => {
    const bytes = readFixture("npy/f4-random-1000.npy").subarray(0, 600);
    const err = await readRows(bytesSource(bytes), 100, 200).catch((e: unknown) => e);
    expect(isNpyError(err, "TRUNCATED")).toBe(true);
  });

  it("fails with LIMIT_EXCEEDED when the rows are over maxBytes", async () => {
    const source = bytesSource(readFixture("npy/f4-random-1000.npy"));
    await expect(readRows(source, 0, 100, { maxBytes: 399 })).rejects.toSatisfy((e) =>
      isNpyError(e, "LIMIT_EXCEEDED"),
    );
  });
});
