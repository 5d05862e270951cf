/**
 * decode → cast f8→f4 → encode, through TransformStreams, from one file into another, in constant
 * memory: only a chunk at a time is ever held, whatever the file size.
 *
 * The input (4 M float64 values, 32 MB) is itself written as a stream of chunks by
 * `NpyEncoderStream`, so neither file is ever whole in memory. If python3 with numpy is present,
 * numpy checks the output.
 *
 * Run: cd examples && node --expose-gc --import tsx cast-pipeline.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NpyDecoderStream, NpyEncoderStream, sourceReadable } from "@npyio/stream";
import { fileSource, fileWritable } from "@npyio/stream/node";
import { castStream } from "@npyio/stream/transforms";
import { fmtBytes } from "./serve-bytes.js";

const rows = 4096;
const cols = 1024;
const dir = await mkdtemp(join(tmpdir(), "npyio-cast-"));
const input = join(dir, "in-f8.npy");
const output = join(dir, "out-f4.npy");

let peak = 0;
const sample = () => {
  (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc, count only live buffers
  peak = Math.max(peak, process.memoryUsage().arrayBuffers);
};

try {
  // 1. Write the input one row block at a time: value (r, c) = r + c / 1024.
  let row = 0;
  const blocks = new ReadableStream<Float64Array>({
    pull(controller) {
      if (row === rows) return controller.close();
      const block = new Float64Array(64 * cols);
      for (let i = 0; i < block.length; i++) block[i] = row + Math.floor(i / cols) + (i % cols) / 1024;
      row += 64;
      sample();
      controller.enqueue(block);
    },
  });
  await blocks
    .pipeThrough(new NpyEncoderStream({ dtype: "<f8", shape: [rows, cols] }))
    .pipeTo(fileWritable(input));
  console.log(`wrote ${input}: <f8 [${rows}, ${cols}], ${fmtBytes((await stat(input)).size)}`);

  // 2. The pipeline: file bytes → NpyChunks → cast chunks → .npy bytes → file.
  await using source = await fileSource(input);
  let chunks = 0;
  const decoder = new NpyDecoderStream();
  await sourceReadable(source, { chunkSize: 256 * 1024 })
    .pipeThrough(decoder)
    .pipeThrough(castStream("<f4", { unsafe: true })) // f8 → f4 can round, so it must be asked for
    .pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          chunks++;
          sample();
          controller.enqueue(chunk);
        },
      }),
    )
    .pipeThrough(new NpyEncoderStream())
    .pipeTo(fileWritable(output));
  const header = await decoder.header;
  console.log(
    `cast ${header.dtype.descr} [${header.shape}] → <f4 in ${chunks} chunks: ${output}, ${fmtBytes((await stat(output)).size)}`,
  );
  const live = "gc" in globalThis ? "live" : "allocated (run with --expose-gc to count live ones only)";
  console.log(`peak ArrayBuffer memory during both passes: ${fmtBytes(peak)} ${live}`);

  // 3. numpy's opinion, when numpy is here.
  const check = `
import numpy as np, sys
a = np.load(sys.argv[1])
r, c = np.indices(a.shape)
ok = a.dtype == np.float32 and a.shape == (${rows}, ${cols}) and np.array_equal(a, (r + c / 1024).astype(np.float32))
print(f"numpy: {a.dtype} {a.shape}, a[4095, 1023] = {a[4095, 1023]}, values {'match' if ok else 'DIFFER'}")
sys.exit(0 if ok else 1)`;
  try {
    process.stdout.write(execFileSync("python3", ["-c", check, output], { encoding: "utf8" }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { status?: number };
    if (e.code === "ENOENT" || e.status === undefined)
      console.log("note: python3 not found; numpy check skipped");
    else if (/No module named/.test(String((e as { stderr?: unknown }).stderr)))
      console.log("note: numpy not installed; numpy check skipped");
    else throw err;
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
