import { NpyError } from "@npyio/header";
import type { ByteSource } from "@npyio/stream";
import { checkAborted } from "./abort.js";
import { readExactly } from "./byte-source.js";
import type { ZipEntry } from "./central-directory.js";
import { crc32 } from "./crc32.js";
import { localHeaderLength, parseLocalHeader } from "./local-header.js";
import type { ZipCodec } from "./zip-codec.js";
import { badZip, checkSupported, LOCAL_HEADER_LENGTH, METHOD_STORED } from "./zip-format.js";

/** Where a member's data lies, once its local header was read and checked against the central directory. */
export interface MemberData {
  offset: number;
  /** The first bytes of the data, when they came with the header read. */
  prefetched: Uint8Array;
}

// Local extra fields may differ from the central ones (numpy adds a zip64 field only locally).
const HEADER_SLACK = 512;

/**
 * Reads and checks the local header of `entry`, prefetching up to `want` data bytes in the same
 * read (one request for a small member over HTTP).
 */
export async function locateMember(
  source: ByteSource,
  entry: ZipEntry,
  limit: number,
  want: number,
  signal: AbortSignal | undefined,
): Promise<MemberData> {
  checkSupported(entry.name, entry.method, entry.flags, entry.localHeaderOffset);
  const at = entry.localHeaderOffset;
  const first = Math.min(limit - at, LOCAL_HEADER_LENGTH + HEADER_SLACK + want);
  let head = await readExactly(
    source,
    at,
    Math.min(first, LOCAL_HEADER_LENGTH),
    "a local file header",
    signal,
  );
  if (first > LOCAL_HEADER_LENGTH) head = await readExactly(source, at, first, "a local file header", signal);
  const length = localHeaderLength(head);
  if (head.length < length) {
    if (at + length > limit) badZip(`local header of "${entry.name}" runs into the central directory`, at);
    head = await readExactly(source, at, length, "a local file header", signal);
  }
  const local = parseLocalHeader(head, at);
  if (local.name !== entry.name) {
    badZip(
      `the central directory names a member "${entry.name}" but its local header at byte ${at} says "${local.name}"`,
      at,
    );
  }
  if (local.method !== entry.method) {
    badZip(
      `member "${entry.name}" has method ${entry.method} in the central directory, ${local.method} locally`,
      at,
    );
  }
  const offset = at + length;
  if (offset + entry.compressedSize > limit) {
    badZip(
      `member "${entry.name}" data (bytes ${offset}..${offset + entry.compressedSize}) runs into the central directory at ${limit}`,
      offset,
    );
  }
  return { offset, prefetched: head.subarray(length, length + entry.compressedSize) };
}

type Declared = Pick<ZipEntry, "name" | "size" | "crc32" | "localHeaderOffset">;

export function crcMismatch(entry: Declared, got: number): NpyError {
  const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
  return new NpyError(
    "CRC_MISMATCH",
    `member "${entry.name}" has CRC-32 ${hex(got)}, the archive declares ${hex(entry.crc32)}; the data is corrupt`,
    { offset: entry.localHeaderOffset },
  );
}

/** Reads, inflates and checks (size and CRC-32) one whole member. */
export async function readMember(
  source: ByteSource,
  entry: ZipEntry,
  limit: number,
  codec: ZipCodec,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  const where = await locateMember(source, entry, limit, entry.compressedSize, signal);
  const rest = entry.compressedSize - where.prefetched.length;
  let raw = where.prefetched;
  if (rest > 0) {
    const more = await readExactly(source, where.offset + raw.length, rest, `member "${entry.name}"`, signal);
    raw = raw.length ? joinTwo(raw, more) : more;
  }
  checkAborted(signal);
  if (entry.method === METHOD_STORED && entry.compressedSize !== entry.size) {
    badZip(
      `stored member "${entry.name}" declares ${entry.compressedSize} bytes stored but ${entry.size} bytes uncompressed`,
      entry.localHeaderOffset,
    );
  }
  const data = entry.method === METHOD_STORED ? raw : await codec.inflate(raw, entry.size);
  const got = (codec.crc32 ?? crc32)(data, 0);
  if (got !== entry.crc32) throw crcMismatch(entry, got);
  return data;
}

function joinTwo(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The member's uncompressed bytes as a stream, read from `source` in `chunkSize` pieces; the
 * stream errors with CRC_MISMATCH or BAD_ZIP at its end if the data does not match the directory.
 */
export function memberStream(
  source: ByteSource,
  entry: ZipEntry,
  limit: number,
  codec: ZipCodec,
  chunkSize: number,
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  let where: MemberData | undefined;
  let pos = 0;
  const raw = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!where) {
          where = await locateMember(source, entry, limit, Math.min(chunkSize, entry.compressedSize), signal);
          if (where.prefetched.length) {
            pos = where.prefetched.length;
            controller.enqueue(where.prefetched);
            return;
          }
        }
        const n = Math.min(chunkSize, entry.compressedSize - pos);
        if (n <= 0) return controller.close();
        const chunk = await readExactly(source, where.offset + pos, n, `member "${entry.name}"`, signal);
        pos += n;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  const inflated = entry.method === METHOD_STORED ? raw : raw.pipeThrough(codec.inflateStream(entry.size));
  return inflated.pipeThrough(verifyStream(entry, codec));
}

/** Counts and checksums what flows through; errors at the end unless it matches `entry`. */
export function verifyStream(entry: Declared, codec: ZipCodec): TransformStream<Uint8Array, Uint8Array> {
  const crcOf = codec.crc32 ?? crc32;
  let crc = 0;
  let n = 0;
  return new TransformStream({
    transform(chunk, controller) {
      n += chunk.length;
      if (n > entry.size) {
        badZip(
          `member "${entry.name}" has more than its declared ${entry.size} bytes`,
          entry.localHeaderOffset,
        );
      }
      crc = crcOf(chunk, crc);
      controller.enqueue(chunk);
    },
    flush() {
      if (n !== entry.size) {
        badZip(
          `member "${entry.name}" has ${n} bytes, its declared size is ${entry.size}`,
          entry.localHeaderOffset,
        );
      }
      if (crc !== entry.crc32) throw crcMismatch(entry, crc);
    },
  });
}
