import type { ByteSource, ProgressInfo } from "@npyio/stream";
import { abortable, allocateBytes, checkAllocatable, throwIfAborted } from "@npyio/stream";
import type { ZipEntry } from "./central-directory.js";
import { crc32 } from "./crc32.js";
import { localHeaderLength, parseEntryHeader } from "./entry-header.js";
import { readExactly } from "./read-exactly.js";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, concat, inflateWhole, sizeLie } from "./zip-codec.js";
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

/** How one member read is watched: its signal, and progress in compressed bytes of the member read. */
export interface MemberRead {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ProgressInfo) => void) | undefined;
}

/**
 * Compressed bytes handed to an inflater in one step: at most ~64 MiB of output (1032:1), tens of
 * milliseconds of work, so an abort is seen between two steps.
 */
const INFLATE_SLICE = 64 << 10;

/**
 * Compressed bytes per read where the engine inflates from pieces ({@link ZipCodec.inflatePieces}):
 * the member's compressed bytes never sit in one fresh buffer of their size (fresh pages are what
 * reading costs most on some machines, bench case 5).
 */
const PIECE = 1 << 20;

/** Reads the members of an archive in `source` whose central directory starts at `limit`. */
export interface ZipMembers {
  /**
   * Reads, inflates and checks (size and CRC-32) one whole member: `TOO_LARGE` before anything is
   * read when it cannot be held in one array. Watched (a signal or onProgress given), it is read
   * and inflated in chunks with the signal checked between them; else in one read and one inflate.
   */
  bytes(e: ZipEntry, read: MemberRead, chunkSize: number): Promise<Uint8Array>;
  /**
   * The member's uncompressed bytes as a stream, read in `chunkSize` pieces, one more only when the
   * inflater has consumed the last and the reader still waits (an inflater may buffer any amount it
   * is given, so pipe backpressure cannot bound the read-ahead). Errors with CRC_MISMATCH or
   * BAD_ZIP at its end if the data does not match the directory.
   */
  stream(e: ZipEntry, chunkSize: number, read: MemberRead): ReadableStream<Uint8Array>;
  /**
   * Reads and checks the local header of `e`, with up to `want` of its first data bytes in the same
   * read; resolves to where its data starts in the archive and those first bytes.
   */
  locate(
    e: ZipEntry,
    want: number,
    signal: AbortSignal | undefined,
  ): Promise<[offset: number, first: Uint8Array]>;
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

  /** The member's bytes gathered from its stream into one buffer of the declared size. */
  async function collect(e: ZipEntry, chunkSize: number, read: MemberRead): Promise<Uint8Array> {
    const reader = stream(e, chunkSize, read).getReader();
    let out: Uint8Array | undefined;
    let n = 0;
    try {
      for (
        let r = await abortable(reader.read(), read.signal);
        !r.done;
        r = await abortable(reader.read(), read.signal)
      ) {
        // allocated once the local header has been checked (the ratio bounds the declared size)
        out ??= allocateBytes(e.size, member(e.name));
        if (n + r.value.length > e.size) throw sizeLie(e.size);
        out.set(r.value, n);
        n += r.value.length;
      }
    } catch (err) {
      reader.cancel(err).catch(() => {});
      throw err;
    }
    return out ?? new Uint8Array(0);
  }

  function stream(e: ZipEntry, chunkSize: number, read: MemberRead): ReadableStream<Uint8Array> {
    const { signal, onProgress } = read;
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
      for (let i = 0; i < chunk.length; i += INFLATE_SLICE) {
        throwIfAborted(signal);
        await writer.write(chunk.subarray(i, i + INFLATE_SLICE));
      }
      pos += chunk.length;
      onProgress?.({ loaded: pos, total: e.compressedSize });
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
            // raced with the signal: an inflater or source that stalls cannot hold an abort back
            const got = await abortable(feeding ? Promise.race([out, feeding]) : out, signal).catch(
              (err: unknown) => {
                writer.abort(err).catch(() => {});
                reader.cancel(err).catch(() => {});
                throw err;
              },
            );
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
  }

  return {
    locate,

    async bytes(e, read, chunkSize) {
      const { signal } = read;
      throwIfAborted(signal);
      checkAllocatable(e.size, member(e.name));
      if (signal || read.onProgress) return collect(e, chunkSize, read);
      if (codec.inflatePieces && e.method !== METHOD_STORED && e.compressedSize > PIECE) {
        // read in bounded pieces straight into the inflater: no buffer the size of the compressed member
        const [offset, first] = await locate(e, PIECE, signal);
        async function* pieces() {
          yield first;
          for (let at = first.length; at < e.compressedSize; at += PIECE)
            yield await data(e, offset + at, Math.min(PIECE, e.compressedSize - at), signal);
        }
        const { bytes, crc } = await codec.inflatePieces(pieces(), e.size);
        verify(e, bytes.length, crc);
        return bytes;
      }
      const [offset, first] = await locate(e, e.compressedSize, signal);
      const rest = e.compressedSize - first.length;
      const raw = rest ? concat([first, await data(e, offset + first.length, rest, signal)]) : first;
      const bytes = e.method === METHOD_STORED ? raw : await inflateWhole(codec, raw, e.size);
      verify(e, bytes.length, crcOf(bytes, 0));
      return bytes;
    },
    stream,
  };
}
