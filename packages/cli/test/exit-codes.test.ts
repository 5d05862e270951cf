/**
 * The command as a Unix tool: exit 0 done, 1 the data is bad, 2 the command line is wrong; every
 * error is one line `npyio: CODE: message`; `--json` is plain JSON.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturesDir } from "../../../fixtures/index.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { python } from "./helpers/python.js";
import { npyio, npyioInProcess as run } from "./helpers/run-npyio.js";

const dir = mkdtempSync(join(tmpdir(), "npyio-exit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => join(fixturesDir, name);
const hasNumpy = requireNumpy("the CLI checks against numpy");

/** One line on stderr with this code, nothing of a stack trace. */
function expectError(r: { status: number | null; stderr: string }, status: number, code: string) {
  expect(r.status).toBe(status);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^npyio: ${code}: \\S`));
}

describe("info --json is plain JSON", () => {
  const files = [
    "f8-be-3d-fortran",
    "U6-le",
    "struct-nested",
    "struct-subarray",
    "struct-titles",
    "struct-offsets-gaps",
    "M8-10ms",
  ].map((f) => `npy/${f}.npy`);

  it.skipIf(!hasNumpy)("descr is numpy's dtype.descr structure, not a repr string", async () => {
    const want = JSON.parse(
      python([
        "-c",
        `import json, sys, numpy as np
print(json.dumps([np.lib.format.dtype_to_descr(np.load(f).dtype) for f in sys.argv[1:]]))`,
        ...files.map(fixture),
      ]),
    );
    for (const [i, f] of files.entries()) {
      const r = await run(["info", "--json", fixture(f)]);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).descr, f).toEqual(want[i]);
    }
  });

  it("an npz member's descr too", async () => {
    const r = await run(["info", "--json", fixture("npz/savez.npz")]);
    const members = JSON.parse(r.stdout).members as { key: string; descr: unknown }[];
    expect(members.find((m) => m.key === "floats_be")?.descr).toBe(">f8");
  });
});

describe("stats", () => {
  it.skipIf(!hasNumpy)("on an npz reports every numeric member and names the ones it skipped", async () => {
    const path = fixture("npz/savez.npz");
    const r = await run(["stats", "--json", path]);
    expect(r.status, r.stderr).toBe(0);
    const kinds = JSON.parse(
      python([
        "-c",
        `import json, numpy as np; a = np.load(${JSON.stringify(path)}); print(json.dumps({k: a[k].dtype.kind for k in a.files}))`,
      ]),
    ) as Record<string, string>;
    // numpy's numeric kinds, records with numeric fields included
    const numeric = Object.keys(kinds).filter((k) => "biufcV".includes(kinds[k]!));
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(numeric);
    const skipped = Object.keys(kinds).filter((k) => !numeric.includes(k));
    expect(skipped.length).toBeGreaterThan(0);
    expect(r.stderr.trimEnd().split("\n")).toEqual(
      skipped.map((k) => expect.stringMatching(new RegExp(`^npyio: stats skipped member "${k}": `))),
    );
  });

  it("a member asked for by name that has no numbers is a command-line error", async () => {
    expectError(await run(["stats", fixture("npz/savez.npz"), "--member", "text"]), 2, "INVALID_ARGUMENT");
  });

  it.skipIf(!hasNumpy)("prints an integer array's min and max as numpy does: integers", async () => {
    const path = join(dir, "i2.npy");
    python([
      "-c",
      `import numpy as np; np.save(${JSON.stringify(path)}, np.array([-2400, 5, 7, 31000], "<i2"))`,
    ]);
    const want = python([
      "-c",
      `import numpy as np; a = np.load(${JSON.stringify(path)}); print(a.min()); print(a.max())`,
    ]).split("\n");
    const r = await run(["stats", path]);
    expect(r.status, r.stderr).toBe(0);
    const row = (name: string) => new RegExp(`^${name}\\s+(\\S+)$`, "m").exec(r.stdout)?.[1];
    expect([row("min"), row("max")]).toEqual([want[0], want[1]]);
  });
});

describe("a truncated .npy file", () => {
  const path = fixture("hostile/truncated-in-data.npy");

  it("info prints the header, then says it is truncated and exits 1", async () => {
    const r = await run(["info", path]);
    expect(r.stdout).toMatch(/^shape {9}\(3,\)$/m);
    expectError(r, 1, "TRUNCATED");
    expect(r.stderr).toContain("the file is incomplete");
  });

  it("info --json says truncated: true", async () => {
    const r = await run(["info", "--json", path]);
    expect(JSON.parse(r.stdout).truncated).toBe(true);
    expectError(r, 1, "TRUNCATED");
  });

  it("head prints the rows that are there, then says it is truncated and exits 1", async () => {
    const r = await run(["head", path, "-n", "1"]);
    const want = !hasNumpy
      ? undefined
      : python([
          "-c",
          `import numpy as np
f = open(${JSON.stringify(path)}, "rb"); np.lib.format.read_magic(f); h = np.lib.format.read_array_header_1_0(f)
print(np.frombuffer(f.read(), h[2], count=1))`,
        ]);
    if (want !== undefined) expect(r.stdout).toBe(want);
    expectError(r, 1, "TRUNCATED");
  });

  it("head past the end exits 1", async () => {
    expectError(await run(["head", path]), 1, "TRUNCATED");
  });
});

describe("the command line", () => {
  it("-n -3 is a number the command refuses, not an unknown option", async () => {
    const r = await run(["head", fixture("npy/u1.npy"), "-n", "-3"]);
    expectError(r, 2, "INVALID_ARGUMENT");
    expect(r.stderr).toContain('-n expects a whole number of rows, 0 or more, got "-3"');
  });

  it("--rows 1.5 and -n without a value say what -n wants", async () => {
    expect((await run(["head", fixture("npy/u1.npy"), "--rows", "1.5"])).stderr).toContain('got "1.5"');
    expectError(await run(["head", fixture("npy/u1.npy"), "-n"]), 2, "INVALID_ARGUMENT");
  });

  it("a lossy cast prints its code, LOSSY_CAST, and exits 2", async () => {
    const r = await run(["convert", fixture("npy/f8-le.npy"), join(dir, "x.npy"), "--dtype", "i1"]);
    expectError(r, 2, "LOSSY_CAST");
    expect(r.stderr).toContain("--unsafe");
  });

  it("corrupt data exits 1, not the usage code", async () => {
    for (const f of ["hostile/header-unclosed-brace.npy", "hostile/npz-crc-mismatch.npz"]) {
      const r = await run(["head", fixture(f)]);
      expect(r.status, f).toBe(1);
      expect(r.stderr).toMatch(/^npyio: (HEADER_SYNTAX|CRC_MISMATCH): /);
    }
  });

  it("the --dtype example in --help can be pasted into a shell", () => {
    const help = npyio(["convert", "--help"]).stdout;
    const example = /^\s*(?:\$ )?npyio (convert .*--dtype.*)$/m.exec(help)?.[1];
    expect(example).toBeDefined();
    // sh parses the example as a person's shell would: a `<` unquoted would be a redirect
    const r = spawnSync("sh", ["-c", `set -- ${example}; printf '%s\\n' "$@"`], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(["convert", "table.csv", "table.npy", "--dtype", "<f4"]);
    expect(readdirSync(dir)).not.toContain("f4");
  });
});

describe("a server that ignores Range (python3 -m http.server)", () => {
  let server: ReturnType<typeof spawn> | undefined;
  let url = "";
  beforeAll(async () => {
    writeFileSync(join(dir, "a.npy"), readFileSync(fixture("npy/f8-le.npy")));
    server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve, reject) => {
      let seen = "";
      server!.on("error", reject);
      server!.stdout!.setEncoding("utf8").on("data", (d: string) => {
        seen += d;
        const m = /port (\d+)/.exec(seen);
        if (m) resolve(m[1]!);
      });
    });
    url = `http://127.0.0.1:${port}/a.npy`;
  });
  afterAll(() => {
    server?.kill();
  });

  it("fails with advice the person can follow, exit 2", async () => {
    const r = await run(["stats", url]);
    expectError(r, 2, "RANGE_NOT_SUPPORTED");
    expect(r.stderr).toContain("--allow-full-download");
  });

  it("--allow-full-download reads it whole", async () => {
    const r = await run(["stats", "--json", "--allow-full-download", url]);
    expect(r.status, r.stderr).toBe(0);
    const local = await run(["stats", "--json", fixture("npy/f8-le.npy")]);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(local.stdout));
  });
});
