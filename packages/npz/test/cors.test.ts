// CORS, in Chromium: the page (Vitest's origin) reads from nginx on another loopback origin that
// allows nothing, only the origin, the origin and Range without exposing Content-Range, or all.
// Whole-file reads need only Access-Control-Allow-Origin; partial reads name the header missing.
import { isNpyError } from "@npyio/header";
import { NpzReader } from "@npyio/npz";
import { readHeader, readNpy } from "@npyio/stream";
import { httpSource } from "@npyio/stream/http";
import { readRows } from "@npyio/stream/slice";
import { describe, expect, inject, it } from "vitest";
import { expected } from "../../../fixtures/index.js";

const inBrowser = typeof window !== "undefined" && typeof document !== "undefined";
const origin = inBrowser ? inject("corsOrigin") : "";
if (!inBrowser)
  console.log(
    "cors.test.ts: CORS is enforced by browsers only; these tests run in the Chromium pass (pnpm test:browser)",
  );
else if (!origin) console.log("cors.test.ts: no CORS test server (nginx missing); see cors-setup.ts");

const npy = "npy/f4-random-1000.npy";
const npz = "npz/savez.npz";
const url = (policy: string, path: string) => `${origin}/${policy}/${path}`;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

describe.skipIf(!origin)("cross-origin reads in Chromium", () => {
  it("the page and the server are two origins", () => {
    expect(new URL(origin).origin).not.toBe(location.origin);
  });

  it("all headers allowed: whole-file and partial reads work", async () => {
    const whole = await readNpy(url("full", npy));
    const source = httpSource(url("full", npy));
    const header = await readHeader(source);
    const rows = await readRows(source, 10, 20, { header });
    expect(rows.data).toEqual((whole.data as Float32Array).subarray(10, 20));
    expect(source.validator).toMatch(/^"/);
    const archive = await NpzReader.open(url("full", npz));
    expect(archive.names()).toEqual(Object.keys(expected.npz[npz]!.members));
  });

  it("only the origin allowed: a whole-file read works with a plain GET", async () => {
    const whole = await readNpy(url("origin-only", npy));
    expect(whole.shape).toEqual([1000]);
  });

  it("only the origin allowed: partial reads fail with RANGE_NOT_SUPPORTED naming the headers to send", async () => {
    const rows = await failure(readRows(httpSource(url("origin-only", npy)), 0, 10));
    expect(isNpyError(rows, "RANGE_NOT_SUPPORTED")).toBe(true);
    expect(rows!.message).toContain(url("origin-only", npy));
    expect(rows!.message).toMatch(
      /Access-Control-Allow-Headers: Range|Access-Control-Expose-Headers: Content-Range/,
    );
    // a suffix range is never a CORS-safelisted header: the preflight is refused
    const tail = await failure(NpzReader.open(url("origin-only", npz)));
    expect(isNpyError(tail, "RANGE_NOT_SUPPORTED")).toBe(true);
    expect(tail!.message).toContain("Access-Control-Allow-Headers: Range");
  });

  it("Range allowed but Content-Range not exposed: RANGE_NOT_SUPPORTED naming Access-Control-Expose-Headers", async () => {
    const err = await failure(readRows(httpSource(url("no-expose", npy)), 0, 10));
    expect(isNpyError(err, "RANGE_NOT_SUPPORTED")).toBe(true);
    expect(err!.message).toContain("Access-Control-Expose-Headers: Content-Range");
  });

  it("no CORS at all: 'Failed to fetch' becomes HTTP_ERROR naming the URL, CORS and Access-Control-Allow-Origin", async () => {
    for (const read of [
      () => readNpy(url("no-cors", npy)),
      () => readRows(httpSource(url("no-cors", npy)), 0, 10),
    ]) {
      const err = await failure(read());
      expect(isNpyError(err, "HTTP_ERROR")).toBe(true);
      expect(err!.message).toContain(url("no-cors", npy));
      expect(err!.message).toMatch(/CORS/);
      expect(err!.message).toContain("Access-Control-Allow-Origin");
    }
  });
});
