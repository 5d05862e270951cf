/**
 * Write an .npz that numpy loads: `saveNpz` from `npyio` builds the archive in memory
 * (`np.savez`, or `np.savez_compressed` with `{ compress: true }`), and numpy reads it back when
 * python3 with numpy is present.
 *
 * Run: cd examples && node --import tsx write-npz.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDescr, saveNpz } from "npyio";

const dir = await mkdtemp(join(tmpdir(), "npyio-npz-"));
const path = join(dir, "dataset.npz");
try {
  const x = new Float32Array(12).map((_, i) => i / 2);
  const bytes = saveNpz(
    {
      x: { dtype: parseDescr("<f4"), shape: [3, 4], fortranOrder: false, data: x },
      y: {
        dtype: parseDescr("<i8"),
        shape: [3],
        fortranOrder: false,
        data: new BigInt64Array([7n, -1n, 2n ** 40n]),
      },
      names: { dtype: parseDescr("<U5"), shape: [2], fortranOrder: false, data: ["alpha", "beta"] },
    },
    { compress: true },
  );
  await writeFile(path, bytes);
  console.log(`wrote ${path}: ${bytes.length} bytes, members x (<f4 [3,4]), y (<i8 [3]), names (<U5 [2])`);

  const check = `
import numpy as np, sys
with np.load(sys.argv[1]) as z:
    for k in z.files: print(f"numpy: {k} {z[k].dtype} {z[k].shape} {z[k].tolist()}")
    ok = (z["x"] == np.arange(12, dtype=np.float32).reshape(3, 4) / 2).all() and z["y"].tolist() == [7, -1, 2**40] \\
        and z["names"].tolist() == ["alpha", "beta"]
print("numpy: values match" if ok else "numpy: values DIFFER")
sys.exit(0 if ok else 1)`;
  try {
    process.stdout.write(execFileSync("python3", ["-c", check, path], { encoding: "utf8" }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { status?: number; stderr?: unknown };
    if (e.code === "ENOENT" || e.status === undefined)
      console.log("note: python3 not found; numpy check skipped");
    else if (/No module named/.test(String(e.stderr)))
      console.log("note: numpy not installed; numpy check skipped");
    else throw err;
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
