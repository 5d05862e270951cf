/**
 * Stream a .npy from an HTTP URL into one typed array, with progress.
 *
 * The array is written with npyio's `save`, served by a loopback server, then read twice:
 * with `readNpy(url, { onProgress })` from `@npyio/stream` (one exact-size buffer, filled as the
 * body streams in), and with `load(url)` from `npyio`, which also detects .npy vs .npz.
 *
 * Run: cd examples && node --import tsx stream-http.ts
 */
import { readNpy } from "@npyio/stream";
import { load, save } from "npyio";
import { fmtBytes, serveBytes } from "./serve-bytes.js";

const n = 2_000_000;
const values = new Float64Array(n);
for (let i = 0; i < n; i++) values[i] = Math.sin(i / 1000);
const file = save({ data: values, shape: [1000, 2000] });

const server = await serveBytes({ "/signal.npy": file });
const url = `${server.origin}/signal.npy`;
try {
  console.log(`serving ${url} (${fmtBytes(file.length)})`);

  let lastPercent = -1;
  const array = await readNpy(url, {
    onProgress({ loaded, total }) {
      const percent = total ? Math.floor((100 * loaded) / total) : 0;
      if (percent >= lastPercent + 25 || loaded === total) {
        lastPercent = percent;
        console.log(`  progress: ${fmtBytes(loaded)} of ${total === undefined ? "?" : fmtBytes(total)}`);
      }
    },
  });
  const data = array.data as Float64Array;
  console.log(
    `readNpy: ${array.dtype.descr} shape [${array.shape}] in a ${data.constructor.name}; a[1][3] = ${data[1 * 2000 + 3]}`,
  );
  if (data.length !== n || data[2003] !== values[2003]) throw new Error("values differ from what was saved");

  const loaded = await load(url);
  if (loaded instanceof Map) throw new Error("expected a .npy, got an archive");
  console.log(`load:    ${loaded.dtype.descr} shape [${loaded.shape}], ${loaded.data.length} elements`);
} finally {
  await server.close();
}
