import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 as nativeCrc32 } from "node:zlib";
import { isNpyError } from "@npyio/header";
import fc from "fast-check";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { crc32 } from "../src/crc32.js";
import { readNpzStream } from "../src/npz-decoder-stream.js";
import { NpzReader } from "../src/npz-reader.js";
import { serializeZip } from "../src/serialize-zip.js";

const hasPython = spawnSync("python3", ["-c", "import zipfile"]).status === 0;
const hasZip = spawnSync("zip", ["-v"]).status === 0;
if (!hasPython) console.warn("python3 not found: zipfile interop tests skip");
if (!hasZip) console.warn("Info-ZIP zip not found: its interop tests skip");

const tmp = mkdtempSync(join(tmpdir(), "npz-zip-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function python(script: string, ...args: string[]): Buffer {
  return execFileSync("python3", ["-c", script, ...args], { maxBuffer: 1 << 28 });
}

describe("crc32", () => {
  it("gives the check value of the CRC-32/ISO-HDLC catalogue", () => {
    expect(crc32(enc("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("matches zlib on any bytes, whole or split anywhere", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        const whole = crc32(bytes);
        expect(whole).toBe(nativeCrc32(bytes));
        expect(crc32(bytes.subarray(at), crc32(bytes.subarray(0, at)))).toBe(whole);
      }),
    );
  });
});

describe("reading zips made by other writers", () => {
  const members: Record<string, Uint8Array> = {
    "a.npy": enc("alpha ".repeat(200)),
    "dir/b.txt": enc("bravo"),
    "ünï/çødé.npy": enc("utf-8 name"),
    "empty.bin": new Uint8Array(0),
  };

  async function expectMembers(bytes: Uint8Array, expected: Record<string, Uint8Array>) {
    const npz = await NpzReader.open(bytes);
    expect(
      npz
        .entries()
        .map((e) => e.name)
        .sort(),
    ).toEqual(Object.keys(expected).sort());
    for (const [name, data] of Object.entries(expected)) {
      expect(dec(await npz.bytes(name))).toBe(dec(data));
      const streamed = new Uint8Array(await new Response(npz.stream(name)).arrayBuffer());
      expect(dec(streamed)).toBe(dec(data));
    }
    // and front to back, with no random access (data descriptors found by scanning)
    const sequential = await readNpzStream(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream());
    expect([...sequential.keys()].sort()).toEqual(
      Object.keys(expected)
        .map((n) => n.replace(/\.npy$/, ""))
        .sort(),
    );
    for (const [name, data] of Object.entries(expected)) {
      expect(dec(sequential.get(name.replace(/\.npy$/, "")) as Uint8Array)).toBe(dec(data));
    }
  }

  it("reads fflate's zipSync output, stored and deflated", async () => {
    await expectMembers(zipSync(members, { level: 0 }), members);
    await expectMembers(zipSync(members, { level: 9 }), members);
  });

  it.skipIf(!hasPython)(
    "reads Python zipfile archives: seekable and non-seekable, stored and deflated",
    async () => {
      const script = `
import io, sys, zipfile
class Unseekable(io.RawIOBase):
    def __init__(s): s.buf = bytearray()
    def writable(s): return True
    def write(s, b): s.buf += b; return len(b)
names = ["a.npy", "dir/b.txt", "\\u00fcn\\u00ef/\\u00e7\\u00f8d\\u00e9.npy", "empty.bin"]
datas = [b"alpha " * 200, b"bravo", "utf-8 name".encode(), b""]
for method, seek, zip64 in [(0, True, False), (8, True, True), (8, False, False), (0, False, True), (8, False, True)]:
    out = io.BytesIO() if seek else Unseekable()
    with zipfile.ZipFile(out, "w", compression=method) as z:
        for n, d in zip(names, datas):
            with z.open(n, "w", force_zip64=zip64) as f: f.write(d)
    data = out.getvalue() if seek else bytes(out.buf)
    open(sys.argv[1] + f"/py-{method}-{seek}-{zip64}.zip", "wb").write(data)
`;
      python(script, tmp);
      for (const f of ["0-True-False", "8-True-True", "8-False-False", "0-False-True", "8-False-True"]) {
        await expectMembers(readFileSync(join(tmp, `py-${f}.zip`)), members);
      }
    },
  );

  it.skipIf(!hasZip)("reads Info-ZIP zip archives, stored and deflated", async () => {
    const dir = join(tmp, "infozip");
    execFileSync("mkdir", ["-p", join(dir, "dir")]);
    writeFileSync(join(dir, "a.npy"), members["a.npy"]!);
    writeFileSync(join(dir, "dir/b.txt"), members["dir/b.txt"]!);
    writeFileSync(join(dir, "empty.bin"), new Uint8Array(0));
    const expected = {
      "a.npy": members["a.npy"]!,
      "dir/b.txt": members["dir/b.txt"]!,
      "empty.bin": new Uint8Array(0),
    };
    // -fz forces zip64 records and extra fields
    for (const flags of [["-0"], ["-9"], ["-9", "-fz"], ["-0", "-fz"]]) {
      const out = join(tmp, `info${flags.join("")}.zip`);
      execFileSync("zip", ["-q", "-X", "-D", ...flags, out, "a.npy", "dir/b.txt", "empty.bin"], { cwd: dir });
      await expectMembers(readFileSync(out), expected);
    }
    // streamed from stdin: `zip -` writes data descriptors and zip64 local fields
    const piped = join(tmp, "piped.zip");
    execFileSync("sh", ["-c", `cat a.npy | zip -q - - > ${piped}`], { cwd: dir });
    const npz = await NpzReader.open(readFileSync(piped));
    expect(dec(await npz.bytes("-"))).toBe(dec(members["a.npy"]!));
    await expectMembers(readFileSync(piped), { "-": members["a.npy"]! });
  });
});

describe("serializeZip", () => {
  it("round-trips through our reader, stored, deflated and forced zip64", async () => {
    const members = [
      { name: "x.npy", data: [enc("head"), enc("data".repeat(1000))] },
      { name: "ünï.npy", data: enc("u") },
      { name: "raw", data: new Uint8Array(0) },
    ];
    for (const options of [
      {},
      { compress: true },
      { compress: true, level: 1, forceZip64: true },
      { forceZip64: true },
    ]) {
      const npz = await NpzReader.open(serializeZip(members, options));
      expect(npz.names()).toEqual(["x", "ünï", "raw"]);
      expect(dec(await npz.bytes("x"))).toBe(`head${"data".repeat(1000)}`);
      expect(dec(await npz.bytes("ünï.npy"))).toBe("u");
      expect((await npz.bytes("raw")).length).toBe(0);
    }
  });

  it("writes 1980-01-01 timestamps, so the same input gives the same bytes", () => {
    const a = serializeZip([{ name: "a.npy", data: enc("x") }], { compress: true });
    const b = serializeZip([{ name: "a.npy", data: enc("x") }], { compress: true });
    expect(a).toEqual(b);
    // DOS date 0x0021 = 1980-01-01 at offset 12 of the local header
    expect(a[12]).toBe(0x21);
    expect(a[13]).toBe(0);
  });

  it("refuses duplicate names", () => {
    expect(() =>
      serializeZip([
        { name: "a", data: enc("1") },
        { name: "a", data: enc("2") },
      ]),
    ).toThrow(expect.objectContaining({ code: "DUPLICATE_NAME" }));
  });

  it.skipIf(!hasPython)("is read by Python's zipfile with CRC checks, including forced zip64", () => {
    const members = [
      { name: "a.npy", data: enc("alpha ".repeat(100)) },
      { name: "ünï.txt", data: enc("u") },
    ];
    for (const [i, options] of [{}, { compress: true }, { compress: true, forceZip64: true }].entries()) {
      writeFileSync(join(tmp, `ours-${i}.zip`), serializeZip(members, options));
      const got = python(
        `import sys, zipfile, json
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({i.filename: z.read(i).decode() for i in z.infolist()}))`,
        join(tmp, `ours-${i}.zip`),
      );
      expect(JSON.parse(got.toString())).toEqual({ "a.npy": "alpha ".repeat(100), "ünï.txt": "u" });
    }
  });

  it.skipIf(!hasZip)("passes Info-ZIP's unzip -t", () => {
    const file = join(tmp, "ours-t.zip");
    writeFileSync(
      file,
      serializeZip([{ name: "a.npy", data: enc("a".repeat(5000)) }], { compress: true, forceZip64: true }),
    );
    const r = spawnSync("unzip", ["-t", file]);
    expect(r.stdout.toString()).toContain("No errors detected");
  });
});

describe("errors", () => {
  it("MEMBER_NOT_FOUND lists what exists", async () => {
    const npz = await NpzReader.open(serializeZip([{ name: "a.npy", data: enc("1") }]));
    const err = await npz.bytes("b").catch((e) => e);
    expect(isNpyError(err, "MEMBER_NOT_FOUND")).toBe(true);
    expect(err.message).toContain("a");
  });
});
