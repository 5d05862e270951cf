import { npyHeader } from "./npy-layout.js";

/**
 * A .npy byte stream generated on the fly: a `<f4` header then `dataBytes` of float32 data, in
 * `chunkSize` chunks (64 KiB, like a file stream), each chunk a fresh buffer so a consumer may keep
 * views of it. Nothing touches the disk, so case 4 measures the decoder, not the file system.
 */
export function generatedNpyStream(dataBytes: number, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  const header = npyHeader("<f4", dataBytes / 4);
  const total = header.length + dataBytes;
  // two periods of the data pattern, so any chunk is one slice of it
  const pattern = new Uint8Array(2 * chunkSize);
  const floats = new Float32Array(pattern.buffer);
  for (let i = 0; i < floats.length; i++) floats[i] = (i % (chunkSize / 4)) * 0.5;
  let pos = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pos >= total) {
        controller.close();
        return;
      }
      const len = Math.min(chunkSize, total - pos);
      const chunk = new Uint8Array(len);
      let at = 0;
      if (pos < header.length) {
        const h = header.subarray(pos, Math.min(header.length, pos + len));
        chunk.set(h);
        at = h.length;
      }
      const off = (pos + at - header.length) % chunkSize;
      chunk.set(pattern.subarray(off, off + len - at), at);
      pos += len;
      controller.enqueue(chunk);
    },
  });
}
