/**
 * Read one member of a remote .npz with HTTP Range requests: `httpSource` fetches only the bytes
 * asked for, and `NpzReader.open` reads the zip's central directory from the archive's tail, then
 * only the member requested.
 *
 * The archive (three 8 MB weight matrices and a small `labels` array) is written with `saveNpz` and
 * served by a loopback server that counts the bytes it sends.
 *
 * Run: cd examples && node --import tsx remote-npz-member.ts
 */
import { NpzReader, saveNpz } from "@npyio/npz";
import { httpSource } from "@npyio/stream/http";
import { parseDescr } from "npyio";
import { fmtBytes, serveBytes } from "./serve-bytes.js";

const f8 = parseDescr("<f8");
const big = (seed: number) => {
  const data = new Float64Array(1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = seed + i;
  return { dtype: f8, shape: [1024, 1024], fortranOrder: false, data };
};
const labels = {
  dtype: parseDescr("<i4"),
  shape: [5],
  fortranOrder: false,
  data: new Int32Array([3, 1, 4, 1, 5]),
};
const archive = saveNpz({ w1: big(1), w2: big(2), w3: big(3), labels });

const server = await serveBytes({ "/model.npz": archive });
try {
  const url = `${server.origin}/model.npz`;
  console.log(`serving ${url} (${fmtBytes(archive.length)})`);

  const source = httpSource(url);
  const npz = await NpzReader.open(source);
  console.log(`members: ${npz.names().join(", ")}`);
  const header = await npz.header("w2");
  console.log(`w2 header only: ${header.descr} [${header.shape}]`);
  const a = await npz.get("labels");
  console.log(`labels: ${a.dtype.descr} [${a.shape}] = [${Array.from(a.data as Int32Array)}]`);
  await npz.close();

  const share = ((100 * server.bytesSent) / archive.length).toFixed(3);
  console.log(
    `transferred ${fmtBytes(server.bytesSent)} in ${server.requests} requests, of a ${fmtBytes(archive.length)} archive (${share}%)`,
  );
  if (server.bytesSent > archive.length / 100) throw new Error("read far more than the member");
} finally {
  await server.close();
}
