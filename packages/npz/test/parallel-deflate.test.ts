/**
 * node:zlib deflates one member in 1 MiB blocks on several threads (pigz-style). The blocks must
 * join into ONE valid raw deflate stream: zlib (what numpy's zipfile inflates with) gives the input
 * back, at every size around a block boundary, and np.load reads the members.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { noisyBytes } from "../../../fixtures/noisy-bytes.js";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { nodeCodec } from "../src/node-codec.js";
import { DEFLATE_BLOCK } from "../src/node-parallel-deflate.js";
import { NpzWriter } from "../src/npz-writer.js";

const hasNumpy = requireNumpy("the zlib and np.load read-backs of parallel deflate");
const tmp = mkdtempSync(join(tmpdir(), "npz-pdeflate-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const B = DEFLATE_BLOCK;

/** The stream's output for `input` written in `piece`-byte chunks. */
async function deflateStreamed(input: Uint8Array, piece: number, level = 6): Promise<Uint8Array> {
  const pair = nodeCodec.deflateStream(level);
  const out = new Response(pair.readable).arrayBuffer();
  const writer = pair.writable.getWriter();
  for (let i = 0; i < input.length; i += piece) await writer.write(input.slice(i, i + piece));
  await writer.close();
  return new Uint8Array(await out);
}

/** Bytes with long repeats across block boundaries (matches reach into the previous block) and noise. */
function mixed(n: number, seed: number): Uint8Array {
  const out = noisyBytes(n, seed);
  const period = 997 + (seed % 5000);
  for (let i = period; i < n; i++) if ((i >> 14) % 3 !== 0) out[i] = out[i - period]!;
  return out;
}

const sizes = [0, 1, B - 1, B, B + 1, 3 * B + 4321];

describe("parallel deflate: one raw stream from blocks", () => {
  it.skipIf(!hasNumpy)(
    "Python's zlib inflates deflate and deflateStream output to the input (0 B, 1 B, a block ± 1, 3 blocks)",
    async () => {
      const cases: Record<string, string> = {};
      for (const n of sizes) {
        const input = mixed(n, n + 1);
        const whole = await nodeCodec.deflate!([input], 6);
        const streamed = await deflateStreamed(input, 65_536);
        writeFileSync(join(tmp, `${n}.whole`), whole);
        writeFileSync(join(tmp, `${n}.streamed`), streamed);
        cases[n] = sha256(input);
      }
      const out = execFileSync(
        "python3",
        [
          "-c",
          `import sys, json, zlib, hashlib
d, sizes = sys.argv[1], json.loads(sys.argv[2])
print(json.dumps({n: [hashlib.sha256(zlib.decompress(open(f"{d}/{n}.{k}", "rb").read(), -15)).hexdigest() for k in ("whole", "streamed")] for n in sizes}))`,
          tmp,
          JSON.stringify(sizes.map(String)),
        ],
        { encoding: "utf8" },
      );
      const got = JSON.parse(out) as Record<string, string[]>;
      for (const n of sizes) expect(got[n], `${n} bytes`).toEqual([cases[n], cases[n]]);
    },
  );

  it.skipIf(!hasNumpy)(
    "np.load reads members streamed through NpzWriter.addStream whose .npy is 128 B … 3 blocks + 777",
    async () => {
      // an .npy of uint8 with a 128-byte header: its length is 128 + n, so these hit the block edges
      const dataSizes = [0, 1, B - 128, B - 127, 3 * B + 777];
      const npy = (n: number) => {
        const header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${n},), }`.padEnd(117, " ");
        const bytes = new Uint8Array(128 + n);
        bytes.set([0x93, ...new TextEncoder().encode("NUMPY"), 1, 0, 118, 0]);
        bytes.set(new TextEncoder().encode(`${header}\n`), 10);
        for (let i = 0; i < n; i++) bytes[128 + i] = (i * 31) % 251;
        return bytes;
      };
      const writer = new NpzWriter({ codec: nodeCodec, compress: true });
      const archive = new Response(writer.readable).arrayBuffer();
      await Promise.all([
        ...dataSizes.map((n) => writer.addStream(`m${n}`, new Blob([npy(n)]).stream())),
        writer.close(),
      ]);
      const path = join(tmp, "blocks.npz");
      writeFileSync(path, new Uint8Array(await archive));
      const out = execFileSync(
        "python3",
        [
          "-c",
          `import sys, json, numpy as np
with np.load(sys.argv[1]) as z:
    print(json.dumps({k: [int(z[k].size), bool(np.array_equal(z[k], (np.arange(z[k].size) * 31 % 251).astype(np.uint8)))] for k in z.files}))`,
          path,
        ],
        { encoding: "utf8" },
      );
      expect(JSON.parse(out)).toEqual(Object.fromEntries(dataSizes.map((n) => [`m${n}`, [n, true]])));
    },
  );

  it("inflating gives the input back, for any size, level and chunking (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 * B + 100 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 2 * B }),
        async (n, seed, level, piece) => {
          const input = mixed(n, seed);
          const whole = await nodeCodec.deflate!([input], level);
          const streamed = await deflateStreamed(input, piece, level);
          expect(sha256(inflateRawSync(whole))).toBe(sha256(input));
          expect(sha256(inflateRawSync(streamed))).toBe(sha256(input));
        },
      ),
      { numRuns: 12 },
    );
  });

  it("costs next to nothing in size: each block is primed with the previous block's last 32 KiB", async () => {
    // 16 KiB of incompressible bytes repeated: one zlib stream stores them once; blocks that started
    // without the previous block's tail would store them again in each of the 4 blocks
    const unit = randomBytes(16 << 10);
    const input = new Uint8Array(4 * B);
    for (let i = 0; i < input.length; i += unit.length) input.set(unit, i);
    const blocks = await nodeCodec.deflate!([input], 6);
    const oneStream = deflateRawSync(input, { level: 6 });
    expect(sha256(inflateRawSync(blocks))).toBe(sha256(input));
    expect(blocks.length).toBeLessThan(oneStream.length + (8 << 10));
  });
});
