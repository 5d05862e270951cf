import type { NpyArray } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import type { ProgressInfo } from "@npyio/stream";
import { abortable, abortError, onAbort, throwIfAborted } from "@npyio/stream";
import { findEndRecord } from "./end-of-central-directory.js";
import type { EntryHeader } from "./entry-header.js";
import { localHeaderLength, parseEntryHeader } from "./entry-header.js";
import { MemberSink } from "./member-sink.js";
import type { NpyMemberOptions } from "./npy-member.js";
import { decodeNpyMember, isNpy } from "./npy-member.js";
import { defaultCodec } from "./web-codec.js";
import type { ZipCodec } from "./zip-codec.js";
import { concat } from "./zip-codec.js";
import { fail } from "./zip-error.js";
import {
  checkSupported,
  FLAG_DESCRIPTOR,
  METHOD_STORED,
  SIG_DESCRIPTOR,
  SIG_LOCAL,
  U16_MAX,
  uint,
} from "./zip-format.js";
import { checkMembers, checkRatio, overBudget } from "./zip-limits.js";
import { verify } from "./zip-member.js";
import { keyOf } from "./zip-name.js";

/**
 * Options of {@link NpzDecoderStream} and {@link readNpzStream}.
 *
 * @example
 * ```ts
 * const members = await readNpzStream(res.body!, { maxTotalBytes: 1 << 30, onProgress: (p) => console.log(p.loaded) });
 * ```
 */
export interface NpzDecoderStreamOptions extends NpyMemberOptions {
  /**
   * Errors the stream with `ABORTED` at once, even while the upstream stalls or a member is being
   * inflated (its input goes to the inflater in 64 KiB steps, the signal checked between them).
   */
  signal?: AbortSignal | undefined;
  /** Called after each input chunk; `total` is unknown for a stream. */
  onProgress?: ((progress: ProgressInfo) => void) | undefined;
  /** The deflate engine; default: native DecompressionStream where available, else fflate. */
  codec?: ZipCodec;
  /** Most uncompressed bytes over all members (LIMIT_EXCEEDED past it). Default: no limit. */
  maxTotalBytes?: number;
  /**
   * Most members (LIMIT_EXCEEDED at the local header of the first one past it).
   * Default: 1,048,560 (65535 × 16).
   */
  maxMembers?: number;
  /**
   * Largest uncompressed : compressed size a member may have (LIMIT_EXCEEDED past it): checked on
   * the local header's sizes before inflating, or on the data descriptor's for a member whose sizes
   * come only there. Default and ceiling: 1032, deflate's maximum (a larger one is BAD_ZIP).
   */
  maxRatio?: number;
}

/**
 * One member of an archive read sequentially.
 *
 * @example
 * ```ts
 * await body.pipeThrough(new NpzDecoderStream()).pipeTo(
 *   new WritableStream<NpzMember>({ write: (m) => console.log(m.key, m.name, m.array?.shape ?? m.bytes.length) }),
 * );
 * ```
 */
export interface NpzMember {
  /** numpy's key: the name without `.npy`. */
  key: string;
  /** The full member name in the archive. */
  name: string;
  /** The member's uncompressed bytes (CRC-32 checked). */
  bytes: Uint8Array;
  /** The decoded array, for members that are .npy files (by their magic, as numpy decides). */
  array?: NpyArray;
}

// Records that may follow a member: local header, central header, zip64 end, end, digital
// signature, archive extra data ("PK" then these two bytes).
const FOLLOWERS = [0x0403, 0x0201, 0x0606, 0x0605, 0x0505, 0x0806];
const isRecord = (b: Uint8Array, o: number) =>
  o + 4 <= b.length && uint(b, o, 2) === 0x4b50 && FOLLOWERS.includes(uint(b, o + 2, 2));
// the longest data descriptor (signature, CRC, two 8-byte sizes) plus the next record's signature
const LOOKAHEAD = 28;
// the end record with the longest comment
const MAX_TAIL = 22 + U16_MAX;

/**
 * The data descriptor at `i` in `b`, if one is there for a member whose compressed data is `p`
 * bytes long: with or without its signature, 4- or 8-byte sizes, and followed by another record.
 * Requiring the compressed size to equal `p` is what makes a scan for the end of data safe.
 * Returns [length, crc32, size].
 */
function descriptorAt(b: Uint8Array, i: number, p: number, stored: boolean): number[] | undefined {
  for (const start of uint(b, i) === SIG_DESCRIPTOR ? [i + 4, i] : [i]) {
    for (const w of [4, 8]) {
      const end = start + 4 + 2 * w;
      if (!isRecord(b, end) || uint(b, start + 4, w) !== p) continue;
      const size = uint(b, start + 4 + w, w);
      if (!stored || size === p) return [end - i, uint(b, start), size];
    }
  }
  return undefined;
}

interface Member {
  local: EntryHeader;
  sink: MemberSink;
  /** Compressed bytes still to come, when the local header declared them (else -1: scan). */
  remaining: number;
  /** Compressed bytes passed to the sink so far. */
  written: number;
}

/** The state machine behind {@link NpzDecoderStream}: `push` the archive's bytes in order. */
class ZipScanner {
  #buf: Uint8Array = new Uint8Array(0);
  /** Offset in the archive of `#buf[0]`. */
  #at = 0;
  #member: Member | undefined;
  #done = false;
  #budget: number;
  readonly #names = new Set<string>();
  readonly #codec: ZipCodec;
  readonly #options: NpzDecoderStreamOptions;
  readonly #emit: (m: NpzMember) => void;

  constructor(options: NpzDecoderStreamOptions, emit: (m: NpzMember) => void) {
    this.#options = options;
    this.#codec = options.codec ?? defaultCodec();
    this.#budget = options.maxTotalBytes ?? Number.POSITIVE_INFINITY;
    this.#emit = emit;
  }

  get loaded(): number {
    return this.#at + this.#buf.length;
  }

  async push(chunk: Uint8Array, final: boolean): Promise<void> {
    this.#buf = this.#buf.length ? concat([this.#buf, chunk]) : chunk;
    try {
      while (await this.#step(final)) throwIfAborted(this.#options.signal);
    } catch (err) {
      this.#member?.sink.abort(err);
      throw err;
    }
    if (!final) return;
    const end = this.#done ? findEndRecord(this.#buf) : -1;
    if (end < 0) {
      const empty = !this.loaded;
      fail(
        empty
          ? "the stream is empty; an npz archive has at least an end record"
          : `the archive ends at byte ${this.loaded} ${this.#member ? `inside member "${this.#member.local.name}"` : "before its end record"}; it is incomplete`,
        this.loaded,
        empty ? "BAD_ZIP" : "TRUNCATED",
      );
    }
    const count = uint(this.#buf, end + 10, 2);
    if (count !== U16_MAX && count !== this.#names.size) {
      fail(`the end record counts ${count} members, the archive holds ${this.#names.size}`, this.#at + end);
    }
  }

  #consume(n: number): void {
    this.#buf = this.#buf.subarray(n);
    this.#at += n;
  }

  /** One step of the state machine; false when it needs more input. */
  async #step(final: boolean): Promise<boolean> {
    const b = this.#buf;
    const m = this.#member;
    if (this.#done) {
      // keep what can hold the end record, to check at the end that the archive is complete
      if (b.length > MAX_TAIL) this.#consume(b.length - MAX_TAIL);
      return false;
    }
    if (!m) {
      if (b.length < 4) return false;
      if (uint(b, 0) !== SIG_LOCAL) {
        // the central directory (or an empty archive's end record): every member has been read
        if (isRecord(b, 0)) {
          this.#done = true;
          return true;
        }
        fail(
          this.#at
            ? `expected a zip record at byte ${this.#at}`
            : "the stream does not start with a zip local header (PK\\3\\4); it is not an npz archive",
          this.#at,
        );
      }
      if (b.length < 30 || b.length < localHeaderLength(b)) return false;
      this.#begin(parseEntryHeader(b, 0, false, this.#at));
      return true;
    }
    if (m.remaining > 0) {
      const n = Math.min(m.remaining, b.length);
      await this.#write(m, n);
      m.remaining -= n;
      return m.remaining === 0;
    }
    const stored = m.local.method === METHOD_STORED;
    if (m.remaining === 0) {
      if (!(m.local.flags & FLAG_DESCRIPTOR)) return this.#end(m, 0, m.local.crc32, m.local.size);
      const d = descriptorAt(b, 0, m.written, stored);
      if (d) return this.#end(m, ...(d as [number, number, number]));
      if (b.length >= LOOKAHEAD || final)
        fail(`no valid data descriptor after member "${m.local.name}"`, this.#at);
      return false;
    }
    // Sizes unknown until the data descriptor: pass data on while looking for a descriptor whose
    // compressed size equals the bytes seen so far (the only way to find the end of stored data,
    // which Python's zipfile writes this way on unseekable output).
    const last = b.length - (final ? 16 : LOOKAHEAD);
    for (let i = 0; i <= last; i++) {
      const p = m.written + i;
      // cheap byte tests before the full check: a signature, or the low byte of the size
      if (b[i] !== 0x50 && b[i + 4] !== (p & 0xff)) continue;
      const d = descriptorAt(b, i, p, stored);
      if (!d) continue;
      await this.#write(m, i);
      return this.#end(m, ...(d as [number, number, number]));
    }
    if (final)
      fail(
        `member "${m.local.name}" has no data descriptor before the end of the stream`,
        this.loaded,
        "TRUNCATED",
      );
    await this.#write(m, Math.max(0, last + 1));
    return false;
  }

  /** Passes the first `n` buffered bytes to the member's sink. */
  async #write(m: Member, n: number): Promise<void> {
    await m.sink.write(this.#buf.subarray(0, n));
    m.written += n;
    this.#consume(n);
  }

  #begin(local: EntryHeader): void {
    const { name, flags, method, compressedSize, size } = local;
    checkSupported(name, method, flags, this.#at);
    if (this.#names.has(name)) {
      throw new NpyError("DUPLICATE_NAME", `the archive has two members named "${name}"`, {
        offset: this.#at,
      });
    }
    checkMembers(this.#names.size + 1, this.#options.maxMembers, this.#at, true);
    this.#names.add(name);
    const unknown = flags & FLAG_DESCRIPTOR && !compressedSize && !size;
    if (!unknown && this.#budget < size) throw overBudget(name, size, this.#budget);
    const sink = new MemberSink(
      this.#codec,
      method,
      name,
      unknown ? undefined : local,
      this.#budget,
      this.#options.maxRatio,
      this.#options.signal,
    );
    this.#member = { local, sink, remaining: unknown ? -1 : compressedSize, written: 0 };
    this.#consume(local.length);
  }

  async #end(m: Member, skip: number, crc: number, size: number): Promise<boolean> {
    this.#consume(skip);
    const { name } = m.local;
    const bytes = await m.sink.finish();
    verify({ name, size, crc32: crc, localHeaderOffset: this.#at }, bytes.length, m.sink.crc);
    if (m.remaining < 0) checkRatio(name, m.local.method, m.written, size, this.#at, this.#options.maxRatio);
    this.#budget -= bytes.length;
    this.#member = undefined;
    const member: NpzMember = { key: keyOf(name), name, bytes };
    if (isNpy(bytes)) member.array = await decodeNpyMember(bytes, name, this.#options);
    this.#emit(member);
    return true;
  }
}

/**
 * Reads an npz archive front to back from a stream, with no random access: each member is emitted
 * as soon as its last byte (and data descriptor) has arrived. Handles numpy's zip64 local headers,
 * data descriptors with and without signature, and stored members of unknown size (Python's
 * zipfile on unseekable output). The central directory at the end is not needed.
 *
 * @example
 * ```ts
 * const res = await fetch("/data.npz");
 * await res.body!.pipeThrough(new NpzDecoderStream()).pipeTo(
 *   new WritableStream({ write: (m) => console.log(m.key, m.array?.shape) }),
 * );
 * ```
 */
export class NpzDecoderStream extends TransformStream<Uint8Array, NpzMember> {
  constructor(options: NpzDecoderStreamOptions = {}) {
    let scanner!: ZipScanner;
    const { signal, onProgress } = options;
    let stopAbort = () => {};
    const push = async (chunk: Uint8Array, final: boolean) => {
      throwIfAborted(signal);
      try {
        await abortable(scanner.push(chunk, final), signal);
      } catch (err) {
        stopAbort();
        throw err;
      }
      onProgress?.({ loaded: scanner.loaded, total: undefined });
      if (final) stopAbort();
    };
    super({
      start(controller) {
        scanner = new ZipScanner(options, (m) => controller.enqueue(m));
        // a stalled upstream calls no transform: the abort errors the stream by itself
        stopAbort = onAbort(signal, () => controller.error(abortError(signal)));
      },
      transform: (chunk) => push(chunk, false),
      flush: () => push(new Uint8Array(0), true),
    });
  }
}

/**
 * Reads a whole npz archive from a stream: numpy's `dict(np.load(f))`, keyed by numpy's keys,
 * with arrays for .npy members and raw bytes for the others.
 *
 * @example
 * ```ts
 * const arrays = await readNpzStream((await fetch("/data.npz")).body!);
 * arrays.get("x"); // NpyArray (or Uint8Array for a member that is not .npy)
 * ```
 */
export async function readNpzStream(
  source: ReadableStream<Uint8Array>,
  options: NpzDecoderStreamOptions = {},
): Promise<Map<string, NpyArray | Uint8Array>> {
  const out = new Map<string, NpyArray | Uint8Array>();
  await source.pipeThrough(new NpzDecoderStream(options)).pipeTo(
    new WritableStream({
      write(m) {
        out.set(m.key, m.array ?? m.bytes);
      },
    }),
  );
  return out;
}
