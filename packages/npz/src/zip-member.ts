import type { ByteSource } from "@npyio/stream";
import { checkAborted } from "./abort.js";
import type { ZipEntry } from "./central-directory.js";
import { crc32 } from "./crc32.js";
import { localHeaderLength, parseEntryHeader } from "./entry-header.js";
import { readExactly } from "./read-exactly.js";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, concat, inflateWhole } from "./zip-codec.js";
import { fail, member } from "./zip-error.js";
import { checkSupported, METHOD_STORED } from "./zip-format.js";
import { checkRatio } from "./zip-limits.js";

// Local extra fields may differ from the central ones (numpy adds a zip64 field only locally).
const HEADER_SLACK = 512;

type Declared = Pick<ZipEntry, "name" | "size" | "crc32" | "localHeaderOffset">;

/** Errors unless `n` bytes with CRC-32 `crc` is what `e` declares. */
export function verify(e: Declared, n: number, crc: number): void {
  const hex = (v: number) => `0x${v.toString(16).padStart(8, "0")}`;
  if (n !== e.size)
    fail(`${member(e.name)} has ${n} bytes, its declared size is ${e.size}`, e.localHeaderOffset);
  if (crc !== e.crc32) {
    fail(
      `${member(e.name)} has CRC-32 ${hex(crc)}, the archive says ${hex(e.crc32)}`,
      e.localHeaderOffset,
      "CRC_MISMATCH",
    );
  }
}

/** Reads the members of an archive in `source` whose central directory starts at `limit`. */
export interface ZipMembers {
  /** Reads, inflates and checks (size and CRC-32) one whole member. */
  bytes(e: ZipEntry, signal: AbortSignal | undefined): Promise<Uint8Array>;
  /**
   * The member's uncompressed bytes as a stream, read in `chunkSize` pieces, one more only when the
   * inflater has consumed the last and the reader still waits (an inflater may buffer any amount it
   * is given, so pipe backpressure cannot bound the read-ahead). Errors with CRC_MISMATCH or
   * BAD_ZIP at its end if the data does not match the directory.
   */
  stream(e: ZipEntry, chunkSize: number, signal: AbortSignal | undefined): ReadableStream<Uint8Array>;
}

/** Member access for an archive in `source`, every member checked against `maxRatio`. */
export function zipMembers(
  source: ByteSource,
  limit: number,
  codec: ZipCodec,
  maxRatio?: number,
): ZipMembers {
  const crcOf = codec.crc32 ?? crc32;
  /** Compressed bytes of `e` from `offset`, `length` of them. */
  const data = (e: ZipEntry, offset: number, length: number, signal: AbortSignal | undefined) =>
    readExactly(source, offset, length, member(e.name), signal);

  /**
   * Reads and checks the local header of `e`, and up to `want` data bytes in the same read (one
   * request for a small member over HTTP). Returns the data offset and those first bytes.
   */
  async function locate(
    e: ZipEntry,
    want: number,
    signal: AbortSignal | undefined,
  ): Promise<[offset: number, first: Uint8Array]> {
    const at = e.localHeaderOffset;
    checkSupported(e.name, e.method, e.flags, at);
    const read = (n: number) =>
      readExactly(source, at, Math.min(n, limit - at), "a local file header", signal);
    let head = await read(30 + HEADER_SLACK + want);
    const length = head.length < 30 ? 30 : localHeaderLength(head);
    if (head.length < length) head = await read(length);
    if (head.length < length)
      fail(`the local header of ${member(e.name)} runs into the central directory`, at);
    const local = parseEntryHeader(head, 0, false, at);
    if (local.name !== e.name || local.method !== e.method) {
      fail(
        `the local header at byte ${at} ("${local.name}") does not match the central directory ("${e.name}")`,
        at,
      );
    }
    const offset = at + length;
    if (offset + e.compressedSize > limit) fail(`${member(e.name)} runs into the central directory`, offset);
    checkRatio(e.name, e.method, e.compressedSize, e.size, at, maxRatio);
    return [offset, head.subarray(length, length + e.compressedSize)];
  }

  return {
    async bytes(e, signal) {
      const [offset, first] = await locate(e, e.compressedSize, signal);
      const rest = e.compressedSize - first.length;
      const raw = rest ? concat([first, await data(e, offset + first.length, rest, signal)]) : first;
      checkAborted(signal);
      const bytes = e.method === METHOD_STORED ? raw : await inflateWhole(codec, raw, e.size);
      verify(e, bytes.length, crcOf(bytes, 0));
      return bytes;
    },

    stream(e, chunkSize, signal) {
      const inflater =
        e.method === METHOD_STORED
          ? new TransformStream<Uint8Array, Uint8Array>()
          : codec.inflateStream(e.size);
      const writer = inflater.writable.getWriter();
      const reader = inflater.readable.getReader();
      let offset = -1;
      let pos = 0;
      let feeding: Promise<void> | undefined;
      const feed = async () => {
        let chunk: Uint8Array;
        const want = Math.min(chunkSize, e.compressedSize - pos);
        if (offset < 0) [offset, chunk] = await locate(e, want, signal);
        else chunk = await data(e, offset + pos, want, signal);
        pos += chunk.length;
        if (chunk.length) await writer.write(chunk);
        if (pos >= e.compressedSize) await writer.close();
        feeding = undefined;
      };
      let crc = 0;
      let n = 0;
      return new ReadableStream(
        {
          async pull(controller) {
            const out = reader.read().then((r) => ({ r }));
            for (;;) {
              if (!feeding && (offset < 0 || pos < e.compressedSize)) {
                // an engine may fail on its writable side too (zlib: "invalid distance too far back")
                feeding = feed().catch((err) => {
                  throw badDeflate(err);
                });
                // a failure reaches the reader through the race below; never unhandled
                feeding.catch(() => {});
              }
              const got = await (feeding ? Promise.race([out, feeding]) : out);
              if (!got) continue;
              if (got.r.done) {
                verify(e, n, crc);
                return controller.close();
              }
              n += got.r.value.length;
              crc = crcOf(got.r.value, crc);
              return controller.enqueue(got.r.value);
            }
          },
          cancel: (reason) => {
            writer.abort(reason).catch(() => {});
            return reader.cancel(reason);
          },
        },
        { highWaterMark: 0 },
      );
    },
  };
}
