/**
 * Every command on the inputs a person gets wrong: one clear line, the right exit code, never a
 * stack trace. 1 when the bytes are bad; 2 when the path names no readable file.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { save } from "npyio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturesDir } from "../../../fixtures/index.js";
import { npyioEnv, root, npyioInProcess as run, shellCommand } from "./helpers/run-npyio.js";

const dir = mkdtempSync(join(tmpdir(), "npyio-bad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);

const commands: [string, (file: string) => string[]][] = [
  ["info", (f) => ["info", f]],
  ["head", (f) => ["head", f]],
  ["stats", (f) => ["stats", f]],
  ["convert", (f) => ["convert", f, path("out.npy")]],
  ["verify", (f) => ["verify", f]],
];

beforeAll(() => {
  mkdirSync(path("a-directory"));
  writeFileSync(path("garbage.npy"), "this is not an array\n");
  writeFileSync(path("empty.npy"), new Uint8Array(0));
  // the first 300 bytes of an archive numpy wrote: no central directory
  writeFileSync(path("cut.npz"), readFileSync(join(fixturesDir, "npz/savez.npz")).subarray(0, 300));
});

/** Exactly one line in all of the output (verify reports on stdout, the others on stderr). */
function oneLine(r: { stdout: string; stderr: string }): string {
  const lines = `${r.stdout}${r.stderr}`.trimEnd().split("\n");
  expect(lines, `${r.stdout}${r.stderr}`).toHaveLength(1);
  expect(lines[0]).not.toMatch(/^\s+at /);
  return lines[0]!;
}

const cases: [string, string, number, RegExp][] = [
  ["a missing file", "nope.npy", 2, /IO_ERROR: cannot open \S+nope\.npy: no such file \(ENOENT\)$/],
  [
    "a directory",
    "a-directory",
    2,
    /IO_ERROR: \S+a-directory is a directory; give a \.npy or \.npz file in it$/,
  ],
  [
    "garbage",
    "garbage.npy",
    1,
    /BAD_MAGIC: \S+garbage\.npy is not a \.npy file .*: it starts with 74 68 69 73 20 69$/,
  ],
  [
    "an empty file",
    "empty.npy",
    1,
    /BAD_MAGIC: \S+empty\.npy is not a \.npy file .*: it is empty \(0 bytes\)$/,
  ],
  ["a truncated npz", "cut.npz", 1, /BAD_ZIP: (\S+cut\.npz: )?no zip end record .* truncated$/],
];

describe.each(cases)("%s", (_, name, status, pattern) => {
  it.each(commands)(`%s: one line, exit ${status}`, async (command, argv) => {
    const r = await run(argv(path(name)));
    expect(r.status).toBe(status);
    const line = oneLine(r);
    // verify reports a file it could open as a FAIL line on stdout; every other error is `npyio: CODE: …`
    if (command === "verify" && status === 1) expect(line).toMatch(/^FAIL {2}\S+: /);
    else expect(line).toMatch(/^npyio: /);
    expect(line).toMatch(pattern);
  });
});

describe("an unreadable file", () => {
  // root reads any file whatever its mode, so as root the command runs as the user nobody
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    console.warn("running as root: the unreadable-file checks run npyio as the user nobody (uid 65534)");
  const secret = path("secret.npy");
  beforeAll(() => {
    copyFileSync(join(fixturesDir, "npy/u1.npy"), secret);
    chmodSync(secret, 0o000);
    chmodSync(dir, 0o755);
  });

  it.each(commands)("%s: permission denied, exit 2", (_, argv) => {
    const r = spawnSync("sh", ["-c", shellCommand(argv(secret))], {
      cwd: root,
      env: npyioEnv,
      encoding: "utf8",
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(r.status, r.stderr).toBe(2);
    expect(oneLine(r)).toMatch(/^npyio: IO_ERROR: cannot open \S+secret\.npy: permission denied \(EACCES\)$/);
  });
});

describe("a closed stdout", () => {
  const big = path("big.npy");
  beforeAll(() => {
    writeFileSync(big, save({ data: new Float64Array(1 << 20).map((_, i) => i / 7), shape: [1 << 18, 4] }));
  });

  /** `npyio … | head -1` in bash: npyio's exit status and its stderr. */
  function piped(args: string[]) {
    const r = spawnSync(
      "bash",
      ["-c", `${shellCommand(args)} 2>"$0" | head -1; echo "\${PIPESTATUS[0]}"`, path("stderr.txt")],
      { cwd: root, env: npyioEnv, encoding: "utf8" },
    );
    const [first, status] = r.stdout.trimEnd().split("\n");
    return { first, status: Number(status), stderr: readFileSync(path("stderr.txt"), "utf8") };
  }

  it("head | head -1: the first line, exit 0, nothing on stderr", () => {
    const r = piped(["head", big]);
    expect(r.first).toMatch(/^\[\[/);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("convert to csv on stdout | head -1 (megabytes after the reader left): no EPIPE, exit 0", () => {
    const r = piped(["convert", big, "-", "--to", "csv"]);
    expect(r.first).toBe("0.0,0.14285714285714285,0.2857142857142857,0.42857142857142855");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
