// Where users' files are: any HTTP server (nginx with Range, python's http.server without), a path
// or file: URL in Node. `npyio` here is the entry Node resolves (the `node` export condition).
import { copyFileSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import {
  httpSource,
  isNpyError,
  load,
  loadNpz,
  type NpyArray,
  NpzReader,
  parse,
  readRows,
  save,
  saveNpz,
} from "npyio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expected, fixturesDir, readFixture } from "../../../fixtures/index.js";
import {
  missing,
  NGINX,
  type Nginx,
  type RealServer,
  startNginx,
  startPythonHttp,
} from "../../stream/test/real-servers.js";

const npyName = "npy/f4-random-1000.npy";
const npzName = "npz/savez-compressed.npz";
const npyBytes = readFixture(npyName);
const npzKeys = Object.keys(expected.npz[npzName]!.members);
const root = mkdtempSync(join(tmpdir(), "npyio-sources-"));
const noNginx = missing(NGINX);
let python: RealServer;
let nginx: Nginx;

beforeAll(async () => {
  python = await startPythonHttp(fixturesDir);
  if (!noNginx) nginx = await startNginx(root);
});
afterAll(async () => {
  await python?.close();
  await nginx?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A fetch that records the Range header of each request. */
function recording() {
  const ranges: (string | null)[] = [];
  const f: typeof fetch = (input, init) => {
    ranges.push(new Headers(init?.headers).get("range"));
    return fetch(input, init);
  };
  return { ranges, fetch: f };
}

const sameArray = (got: NpyArray | Map<string, NpyArray>, bytes: Uint8Array) => {
  const want = parse(bytes);
  expect((got as NpyArray).shape).toEqual(want.shape);
  expect((got as NpyArray).data).toEqual(want.data);
};

const sameArchive = async (got: Map<string, NpyArray> | NpyArray, bytes: Uint8Array) => {
  const want = await loadNpz(bytes);
  expect([...(got as Map<string, NpyArray>).keys()]).toEqual(npzKeys);
  for (const [key, array] of want) expect((got as Map<string, NpyArray>).get(key)?.data).toEqual(array.data);
};

describe("whole-file reads on a server that ignores Range (python3 -m http.server)", () => {
  it("load(url) streams a .npy into the array with one plain GET, with progress", async () => {
    const { ranges, fetch } = recording();
    const progress: { loaded: number; total: number | undefined }[] = [];
    sameArray(await load(python.url(npyName), { fetch, onProgress: (p) => progress.push(p) }), npyBytes);
    expect(ranges).toEqual([null]);
    expect(progress.at(-1)).toEqual({ loaded: npyBytes.length, total: npyBytes.length });
  });

  it("load(url) and loadNpz(url) read a deflated archive", async () => {
    await sameArchive(await load(python.url(npzName)), readFixture(npzName));
    await sameArchive(await loadNpz(new URL(python.url(npzName))), readFixture(npzName));
  });

  it("loadNpz(url) stays within maxTotalBytes", async () => {
    const err = await loadNpz(python.url(npzName), { maxTotalBytes: 16 }).catch((e: unknown) => e);
    expect(isNpyError(err, "LIMIT_EXCEEDED")).toBe(true);
  });

  it("NpzReader.open(url) fails with RANGE_NOT_SUPPORTED, advising an option it takes", async () => {
    const err = await NpzReader.open(python.url(npzName)).catch((e: unknown) => e);
    expect(isNpyError(err, "RANGE_NOT_SUPPORTED")).toBe(true);
    expect((err as Error).message).toContain(python.url(npzName));
    expect((err as Error).message).toMatch(/allowFullDownload: true/);
  });

  it("NpzReader.open(url, { allowFullDownload }) uses the body of the one 200", async () => {
    const { ranges, fetch } = recording();
    const npz = await NpzReader.open(python.url(npzName), { allowFullDownload: true, fetch });
    await sameArchive(
      new Map(await Promise.all(npz.names().map(async (k) => [k, await npz.get(k)] as const))),
      readFixture(npzName),
    );
    expect(ranges).toEqual(["bytes=-65577"]);
  });

  it("readRows of the first rows reads on in order from the one 200", async () => {
    const rows = await readRows(httpSource(python.url(npyName)), 10, 20);
    expect(rows.data).toEqual((parse(npyBytes).data as Float32Array).subarray(10, 20));
  });

  it("a missing URL is HTTP_ERROR naming it", async () => {
    const err = await load(python.url("npy/nope.npy")).catch((e: unknown) => e);
    expect(isNpyError(err, "HTTP_ERROR")).toBe(true);
    expect((err as Error).message).toContain(`${python.url("npy/nope.npy")}: HTTP 404`);
  });
});

describe.skipIf(noNginx)("archives on nginx (Range, ETags)", () => {
  beforeAll(() => {
    copyFileSync(join(fixturesDir, npzName), join(root, "a.npz"));
    copyFileSync(join(fixturesDir, npyName), join(root, "a.npy"));
  });

  it("NpzReader.open(url) finds the size and the end record with one suffix request", async () => {
    const { ranges, fetch } = recording();
    const npz = await NpzReader.open(nginx.url("a.npz"), { fetch });
    expect(npz.names()).toEqual(npzKeys);
    const want = await loadNpz(readFixture(npzName));
    expect((await npz.get(npzKeys[0]!)).data).toEqual(want.get(npzKeys[0]!)!.data);
    expect(ranges[0]).toBe("bytes=-65577");
    expect(ranges.length).toBe(2);
  });

  it("NpzReader fails with SOURCE_CHANGED when the archive is replaced after opening", async () => {
    writeFileSync(join(root, "swap.tmp"), readFixture(npzName));
    utimesSync(join(root, "swap.tmp"), 1_700_000_000, 1_700_000_000);
    renameSync(join(root, "swap.tmp"), join(root, "swap.npz"));
    const npz = await NpzReader.open(nginx.url("swap.npz"));
    writeFileSync(join(root, "swap.tmp"), readFixture("npz/savez.npz"));
    renameSync(join(root, "swap.tmp"), join(root, "swap.npz"));
    const err = await npz.get(npzKeys[0]!).catch((e: unknown) => e);
    expect(isNpyError(err, "SOURCE_CHANGED")).toBe(true);
    expect((err as Error).message).toContain(nginx.url("swap.npz"));
  });

  it("load(url) and loadNpz(url) read with one plain GET, gzip-encoded or not", async () => {
    const { ranges, fetch } = recording();
    sameArray(await load(nginx.url("gz/a.npy"), { fetch }), npyBytes);
    await sameArchive(await loadNpz(nginx.url("a.npz"), { fetch }), readFixture(npzName));
    expect(ranges).toEqual([null, null]);
  });
});

describe("paths and file: URLs in Node", () => {
  const npyPath = join(fixturesDir, npyName);
  const npzPath = join(fixturesDir, npzName);

  it("load reads a path, a relative path and a file: URL", async () => {
    sameArray(await load(npyPath), npyBytes);
    sameArray(await load(relative(process.cwd(), npyPath)), npyBytes);
    sameArray(await load(pathToFileURL(npyPath)), npyBytes);
    sameArray(await load(pathToFileURL(npyPath).href), npyBytes);
    await sameArchive(await load(npzPath), readFixture(npzName));
  });

  it("loadNpz and NpzReader.open read a path", async () => {
    await sameArchive(await loadNpz(npzPath), readFixture(npzName));
    await using npz = await NpzReader.open(pathToFileURL(npzPath));
    expect(npz).toBeInstanceOf(NpzReader);
    expect(npz.names()).toEqual(npzKeys);
  });

  it("NpzReader.open(path) reads one member without reading the others", async () => {
    const path = join(root, "damaged.npz");
    const small = parse(save({ data: new Float64Array([1, 2, 3]) }));
    const big = parse(save({ data: new Uint8Array(1 << 20).fill(7) }));
    const bytes = saveNpz({ small, big });
    // damage the middle of the big member: only a reader that reads it can notice
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(path, bytes);
    await using npz = await NpzReader.open(path);
    expect((await npz.get("small")).data).toEqual(small.data);
    await expect(npz.get("big")).rejects.toSatisfy((e) => isNpyError(e, "CRC_MISMATCH"));
    await expect(loadNpz(path)).rejects.toSatisfy((e) => isNpyError(e, "CRC_MISMATCH"));
  });

  it("a path that does not exist is IO_ERROR naming it", async () => {
    const path = join(root, "nope.npy");
    for (const read of [() => load(path), () => loadNpz(path), () => NpzReader.open(pathToFileURL(path))]) {
      const err = await read().catch((e: unknown) => e);
      expect(isNpyError(err, "IO_ERROR")).toBe(true);
      expect((err as Error).message).toContain(path);
    }
  });
});
