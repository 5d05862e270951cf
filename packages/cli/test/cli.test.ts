import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, save, saveNpz } from "npyio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expected, fixturesDir, readFixture } from "../../../fixtures/index.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { python } from "./helpers/python.js";
import { npyio, npyioAsync } from "./helpers/run-npyio.js";

const dir = mkdtempSync(join(tmpdir(), "npyio-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => join(fixturesDir, name);
const hasNumpy = requireNumpy("the CLI checks against numpy");

/** A user error: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectUserError(r: { status: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("npyio info", () => {
  it("describes a .npy header", () => {
    const r = npyio(["info", fixture("npy/i4-2d-fortran.npy")]);
    expect(r.status, r.stderr).toBe(0);
    const f = expected.npy["npy/i4-2d-fortran.npy"]!;
    expect(r.stdout).toContain(`descr         '<i4'`);
    expect(r.stdout).toContain(`shape         (${f.shape.join(", ")})`);
    expect(r.stdout).toContain("order         F (column-major)");
    expect(r.stdout).toContain(`header bytes  ${f.dataOffset}`);
  });

  it("--json has the numbers", () => {
    const r = npyio(["info", "--json", fixture("npy/f8-be-3d-fortran.npy")]);
    const f = expected.npy["npy/f8-be-3d-fortran.npy"]!;
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      format: "npy",
      version: f.version,
      descr: f.descr,
      shape: f.shape,
      order: "F",
      elements: f.shape.reduce((a, b) => a * b, 1),
      headerBytes: f.dataOffset,
    });
    expect(json.dataBytes).toBe(json.elements * 8);
  });

  it("lists every member of an .npz with sizes and method", () => {
    const r = npyio(["info", "--json", fixture("npz/savez-compressed.npz")]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const members = expected.npz["npz/savez-compressed.npz"]!.members;
    expect(json.members.map((m: { key: string }) => m.key)).toEqual(Object.keys(members));
    for (const m of json.members) {
      expect(m.method).toBe("deflate");
      expect(m.shape).toEqual(members[m.key]!.shape);
      expect(m.compressedBytes).toBeGreaterThan(0);
    }
  });

  it("reads stdin for -", () => {
    const r = npyio(["info", "-"], readFixture("npy/u1.npy"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^file {10}<stdin>$/m);
  });
});

describe("npyio head", () => {
  it.skipIf(!hasNumpy)("prints the first rows as numpy does", () => {
    const path = fixture("npy/f4-random-1000.npy");
    const r = npyio(["head", path, "-n", "7"]);
    expect(r.status, r.stderr).toBe(0);
    const want = python(["-c", `import numpy as np; print(np.load(${JSON.stringify(path)})[:7])`]);
    expect(r.stdout).toBe(want);
  });

  it("summarises long arrays with ...", () => {
    const r = npyio(["head", fixture("npz/savez-compressed-large-member.npz"), "-n", "100000"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("...");
  });

  it("rejects a bad -n as a user error", () => {
    expectUserError(
      npyio(["head", fixture("npy/u1.npy"), "-n", "many"]),
      /^npyio: INVALID_ARGUMENT: -n expects a whole number of rows, 0 or more, got "many"$/m,
    );
  });
});

describe("npyio stats", () => {
  it.skipIf(!hasNumpy)("agrees with numpy's nan-aware statistics", () => {
    const path = fixture("npy/f4-random-1000.npy");
    const r = npyio(["stats", "--json", path]);
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout).value;
    const want = JSON.parse(
      python([
        "-c",
        `import numpy as np, json; a = np.load(${JSON.stringify(path)}).astype("f8"); f = a[np.isfinite(a)]
print(json.dumps(dict(count=int(a.size), nan=int(np.isnan(a).sum()), posInf=int((a == np.inf).sum()),
  negInf=int((a == -np.inf).sum()), min=float(f.min()), max=float(f.max()), mean=float(f.mean()), std=float(f.std()))))`,
      ]),
    );
    expect(got).toMatchObject({ count: want.count, nan: want.nan, posInf: want.posInf, negInf: want.negInf });
    expect(got.min).toBe(want.min);
    expect(got.max).toBe(want.max);
    expect(got.mean).toBeCloseTo(want.mean, 6);
    expect(got.std).toBeCloseTo(want.std, 6);
  });

  it("gives one column per numeric field of a structured array", () => {
    const r = npyio(["stats", fixture("npy/struct-simple.npy")]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^\s+\S+(\s+\S+)+$/);
    expect(r.stdout).toMatch(/^count\s/m);
  });

  it("refuses strings as a user error", () => {
    expectUserError(npyio(["stats", fixture("npy/U6-le.npy")]), /stats needs numbers/);
  });
});

describe("npyio convert", () => {
  it("npy → npz → npy gives back numpy's exact bytes", () => {
    const npz = join(dir, "one.npz");
    const npy = join(dir, "back.npy");
    expect(npyio(["convert", fixture("npy/struct-nested.npy"), npz, "--compress"]).status).toBe(0);
    const r = npyio(["convert", npz, npy]);
    expect(r.status, r.stderr).toBe(0);
    expect(new Uint8Array(readFileSync(npy))).toEqual(readFixture("npy/struct-nested.npy"));
  });

  it.skipIf(!hasNumpy)("npy → npz --compress streams the .npy in as a deflated member numpy reads", () => {
    const out = join(dir, "streamed.npz");
    const input = fixture("npy/f8-be-3d-fortran.npy");
    const r = npyio(["convert", input, out, "--compress", "--name", "w"]);
    expect(r.status, r.stderr).toBe(0);
    const check = python([
      "-c",
      `import numpy as np, zipfile, sys
a = np.load(sys.argv[1]); z = np.load(sys.argv[2])
print(list(z.files), np.array_equal(a, z["w"]), z["w"].dtype == a.dtype, np.isfortran(z["w"]), zipfile.ZipFile(sys.argv[2]).getinfo("w.npy").compress_type)`,
      input,
      out,
    ]);
    expect(check.trim()).toBe("['w'] True True True 8");
  });

  it("npy → npz of a truncated .npy fails with TRUNCATED and writes nothing", () => {
    const bytes = readFixture("npy/f8-le.npy");
    const cut = join(dir, "cut.npy");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 3));
    const out = join(dir, "cut.npz");
    expectUserError(npyio(["convert", cut, out, "--compress"]), /TRUNCATED|incomplete/);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });

  it("npz → npy needs --member when there are several", () => {
    expectUserError(
      npyio(["convert", fixture("npz/savez.npz"), join(dir, "x.npy")]),
      /choose one with --member/,
    );
    const out = join(dir, "ints.npy");
    expect(npyio(["convert", fixture("npz/savez.npz"), out, "--member", "ints"]).status).toBe(0);
    expect(npyio(["info", "--json", out]).stdout).toContain('"descr": "<i4"');
  });

  it.skipIf(!hasNumpy)("npz → npz keeps the chosen members, and numpy reads them", () => {
    const out = join(dir, "some.npz");
    expect(npyio(["convert", fixture("npz/savez.npz"), out, "--member", "ints,text"]).status).toBe(0);
    const keys = python(["-c", `import numpy as np; print(sorted(np.load(${JSON.stringify(out)}).files))`]);
    expect(keys.trim()).toBe("['ints', 'text']");
  });

  it("npy → csv → npy round-trips a 2-d integer array", () => {
    const csv = join(dir, "t.csv");
    const npy = join(dir, "t.npy");
    expect(npyio(["convert", fixture("npy/i4-2d-fortran.npy"), csv]).status).toBe(0);
    expect(readFileSync(csv, "utf8")).toBe("0,1,2,3\n4,5,6,7\n8,9,10,11\n");
    expect(npyio(["convert", csv, npy, "--dtype", "<i4"]).status).toBe(0);
    expect(npyio(["head", npy]).stdout).toBe("[[ 0  1  2  3]\n [ 4  5  6  7]\n [ 8  9 10 11]]\n");
  });

  it("writes JSON to stdout with --to json", () => {
    const r = npyio(["convert", fixture("npy/i4-2d.npy"), "-", "--to", "json"]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.shape).toEqual(expected.npy["npy/i4-2d.npy"]!.shape);
    expect(json.data.flat().map(String)).toEqual(expected.npy["npy/i4-2d.npy"]!.values);
  });

  it("refuses a lossy --dtype without --unsafe, and casts with it", () => {
    const out = join(dir, "f4.npy");
    expectUserError(
      npyio(["convert", fixture("npy/f8-le.npy"), out, "--dtype", "f4"]),
      /^npyio: LOSSY_CAST: .*changes element/,
    );
    expect(
      npyio(["convert", fixture("npy/f8-le.npy"), out, "--dtype", "f4", "--unsafe", "--byte-order", "big"])
        .status,
    ).toBe(0);
    expect(JSON.parse(npyio(["info", "--json", out]).stdout).descr).toBe(">f4");
  });
});

describe("npyio verify", () => {
  it("exits 0 for a sound archive, checking every CRC", () => {
    const r = npyio(["verify", fixture("npz/savez-compressed.npz")]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(
      Object.keys(expected.npz["npz/savez-compressed.npz"]!.members).length,
    );
    expect(r.stdout).not.toContain("FAIL");
  });

  it("exits 1 for a CRC mismatch and for a truncated file", () => {
    const crc = npyio(["verify", fixture("hostile/npz-crc-mismatch.npz")]);
    expect(crc.status).toBe(1);
    expect(crc.stdout).toMatch(/FAIL.*CRC_MISMATCH/);
    const cut = npyio(["verify", fixture("hostile/truncated-in-data.npy")]);
    expect(cut.status).toBe(1);
    expect(cut.stdout).toMatch(/FAIL.*TRUNCATED/);
  });
});

describe("errors and help", () => {
  it("a missing file is one line and exit 2", () => {
    expectUserError(npyio(["info", join(dir, "nope.npy")]), /^npyio: .*nope\.npy/);
  });

  it("a file that is not npy or npz is bad data: one line and exit 1", () => {
    const path = join(dir, "text.txt");
    writeFileSync(path, "hello");
    const r = npyio(["head", path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `npyio: BAD_MAGIC: ${path} is not a .npy file (starts with \\x93NUMPY) or an .npz archive (starts with PK): it starts with 68 65 6c 6c 6f\n`,
    );
  });

  it("an unknown option is one line and exit 2", () => {
    expectUserError(
      npyio(["info", "--bogus", fixture("npy/u1.npy")]),
      /^npyio: INVALID_ARGUMENT: Unknown option `--bogus`/,
    );
  });

  it("every subcommand has --help", () => {
    for (const command of ["info", "head", "stats", "convert", "verify"]) {
      const r = npyio([command, "--help"]);
      expect(r.status, command).toBe(0);
      expect(r.stdout).toContain(`$ npyio ${command}`);
    }
  });
});

describe("an http(s) URL", () => {
  let server: Server;
  let url = "";
  let served = 0;
  // two 2 MiB members: info needs the central directory and two headers, a few kB
  const member = () => parse(save({ data: new Float64Array(262144).map(Math.random) }));
  const big = saveNpz(
    new Map([
      ["a", member()],
      ["b", member()],
    ]),
  );
  beforeAll(async () => {
    server = createServer((req, res) => {
      const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Math.min(Number(range[2]), big.length - 1) : big.length - 1;
      served += end - start + 1;
      res.writeHead(range ? 206 : 200, {
        "content-length": String(end - start + 1),
        "accept-ranges": "bytes",
        ...(range ? { "content-range": `bytes ${start}-${end}/${big.length}` } : {}),
      });
      res.end(big.subarray(start, end + 1));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.npz`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("info reads only the bytes it needs with Range requests", async () => {
    served = 0;
    const r = await npyioAsync(["info", "--json", url]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).members.length).toBeGreaterThan(0);
    expect(served).toBeLessThan(big.length / 10);
  });
});
