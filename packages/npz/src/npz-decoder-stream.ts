import type { NpyArray } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import type { ProgressInfo } from "@npyio/stream";
import { checkAborted } from "./abort.js";
import type { LocalHeader } from "./local-header.js";
import { localHeaderLength, parseLocalHeader } from "./local-header.js";
import { limit, MemberSink } from "./member-sink.js";
import type { NpyMemberOptions } from "./npy-member.js";
import { decodeNpyMember, isNpy } from "./npy-member.js";
import { defaultCodec } from "./web-codec.js";
import type { ZipCodec } from "./zip-codec.js";
import {
  badZip,
  checkSupported,
  END_LENGTH,
  FLAG_DESCRIPTOR,
  LOCAL_HEADER_LENGTH,
  METHOD_STORED,
  SIG_CENTRAL,
  SIG_DESCRIPTOR,
  SIG_END,
  SIG_LOCAL,
  SIG_ZIP64_END,
  U16_MAX,
  u16,
  u32,
} from "./zip-format.js";
import { crcMismatch } from "./zip-member.js";
import { keyOf } from "./zip-name.js";

/** Options of {@link NpzDecoderStream} and {@link readNpzStream}. */
export interface NpzDecoderStreamOptions extends NpyMemberOptions {
  signal?: AbortSignal;
  /** Called after each input chunk; `total` is unknown for a stream. */
  onProgress?: (progress: ProgressInfo) => void;
  /** The deflate engine; default: native DecompressionStream where available, else fflate. */
  codec?: ZipCodec;
  /** Most uncompressed bytes over all members (LIMIT_EXCEEDED past it). Default: no limit. */
  maxTotalBytes?: number;
}

/** One member of an archive read sequentially. */
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

const SIG_DIGITAL_SIGNATURE = 0x05054b50;
const SIG_ARCHIVE_EXTRA = 0x08064b50;
const isRecord = (s: number) =>
  s === SIG_LOCAL ||
  s === SIG_CENTRAL ||
  s === SIG_END ||
  s === SIG_ZIP64_END ||
  s === SIG_DIGITAL_SIGNATURE ||
  s === SIG_ARCHIVE_EXTRA;
// the longest data descriptor (signature, CRC, two 8-byte sizes) plus the next record's signature
const LOOKAHEAD = 28;
const EMPTY = new Uint8Array(0);
// the end record with the longest comment
const MAX_TAIL = END_LENGTH + U16_MAX;

interface Descriptor {
  length: number;
  crc32: number;
  size: number;
}

/**
 * The data descriptor at `i` in `b`, if one is there for a member whose compressed data is `p`
 * bytes long: with or without its signature, 4- or 8-byte sizes, and followed by another record.
 * Requiring the compressed size to equal `p` is what makes a scan for the end of data safe.
 */
function descriptorAt(b: Uint8Array, i: number, p: number, stored: boolean): Descriptor | undefined {
  const signed = u32(b, i) === SIG_DESCRIPTOR ? 4 : 0;
  for (const start of signed ? [i + 4, i] : [i]) {
    for (const wide of [false, true]) {
      const w = wide ? 8 : 4;
      const end = start + 4 + 2 * w;
      if (end + 4 > b.length) continue;
      const read = (o: number) => (wide ? u32(b, o) + u32(b, o + 4) * 0x100000000 : u32(b, o));
      if (read(start + 4) !== p || !isRecord(u32(b, end))) continue;
      const size = read(start + 4 + w);
      if (stored && size !== p) continue;
      return { length: end - i, crc32: u32(b, start), size };
    }
  }
  return undefined;
}

interface Member {
  local: LocalHeader;
  sink: MemberSink;
  /** Compressed bytes still to come, when the local header declared them. */
  remaining: number | undefined;
  /** Compressed bytes passed to the sink so far. */
  written: number;
}

/** The state machine behind {@link NpzDecoderStream}. */
class ZipScanner {
  #buf: Uint8Array = EMPTY;
  /** Offset in the archive of `#buf[0]`. */
  #at = 0;
  #state: "record" | "data" | "descriptor" | "scan" | "done" = "record";
  #member: Member | undefined;
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

  async push(chunk: Uint8Array, final: boolean): Promise<void> {
    if (this.#buf.length === 0) this.#buf = chunk;
    else if (chunk.length) {
      const next = new Uint8Array(this.#buf.length + chunk.length);
      next.set(this.#buf);
      next.set(chunk, this.#buf.length);
      this.#buf = next;
    }
    try {
      while (await this.#step(final)) checkAborted(this.#options.signal);
    } catch (err) {
      this.#member?.sink.abort(err);
      throw err;
    }
    if (final && this.#state === "done") return this.#checkEnd();
    if (final) {
      throw new NpyError(
        this.#at === 0 && this.#buf.length === 0 ? "BAD_ZIP" : "TRUNCATED",
        this.#at === 0 && this.#buf.length === 0
          ? "the stream is empty; an npz archive has at least an end record"
          : `the archive ends at byte ${this.#at + this.#buf.length} ${this.#member ? `inside member "${this.#member.local.name}"` : "before its central directory"}; it is incomplete`,
        { offset: this.#at + this.#buf.length },
      );
    }
  }

  /** The stream must end with the end record, and its member count must match what was read. */
  #checkEnd(): void {
    const b = this.#buf;
    for (let p = b.length - END_LENGTH; p >= 0; p--) {
      if (u32(b, p) !== SIG_END || p + END_LENGTH + u16(b, p + 20) !== b.length) continue;
      const count = u16(b, p + 10);
      if (count !== U16_MAX && count !== this.#names.size) {
        badZip(`the end record counts ${count} members, the archive holds ${this.#names.size}`, this.#at + p);
      }
      return;
    }
    throw new NpyError(
      "TRUNCATED",
      `the archive ends at byte ${this.loaded} inside its central directory, without an end record; it is incomplete`,
      { offset: this.loaded },
    );
  }

  #consume(n: number): void {
    this.#buf = this.#buf.subarray(n);
    this.#at += n;
  }

  /** One step of the state machine; false when it needs more input. */
  async #step(final: boolean): Promise<boolean> {
    const b = this.#buf;
    switch (this.#state) {
      case "done":
        // keep what can hold the end record, to check at the end that the archive is complete
        if (b.length > MAX_TAIL) this.#consume(b.length - MAX_TAIL);
        return false;
      case "record": {
        if (b.length < 4) return false;
        const sig = u32(b, 0);
        if (sig !== SIG_LOCAL) {
          if (isRecord(sig)) {
            // the central directory: every member has been read
            this.#state = "done";
            return true;
          }
          badZip(
            this.#at === 0
              ? "the stream does not start with a zip local file header (PK\\3\\4); it is not an npz archive"
              : `expected a zip record at byte ${this.#at}, found other bytes`,
            this.#at,
          );
        }
        if (b.length < LOCAL_HEADER_LENGTH || b.length < localHeaderLength(b)) return false;
        this.#begin(parseLocalHeader(b, this.#at));
        return true;
      }
      case "data": {
        const m = this.#member!;
        const n = Math.min(m.remaining!, b.length);
        await m.sink.write(b.subarray(0, n));
        m.written += n;
        m.remaining! -= n;
        this.#consume(n);
        if (m.remaining! > 0) return false;
        if (m.local.flags & FLAG_DESCRIPTOR) this.#state = "descriptor";
        else await this.#end(m.local.crc32, m.local.size);
        return true;
      }
      case "descriptor": {
        const m = this.#member!;
        const d = descriptorAt(b, 0, m.written, m.local.method === METHOD_STORED);
        if (!d) {
          if (b.length < LOOKAHEAD && !final) return false;
          badZip(`no valid data descriptor after member "${m.local.name}" at byte ${this.#at}`, this.#at);
        }
        this.#consume(d.length);
        await this.#end(d.crc32, d.size);
        return true;
      }
      case "scan":
        return this.#scan(final);
    }
  }

  #begin(local: LocalHeader): void {
    const at = this.#at;
    checkSupported(local.name, local.method, local.flags, at);
    if (this.#names.has(local.name)) {
      throw new NpyError(
        "DUPLICATE_NAME",
        `the archive has two members named "${local.name}"; refused as ambiguous`,
        {
          offset: at,
        },
      );
    }
    this.#names.add(local.name);
    const unknown = (local.flags & FLAG_DESCRIPTOR) !== 0 && local.compressedSize === 0 && local.size === 0;
    const known = unknown ? undefined : { compressedSize: local.compressedSize, size: local.size };
    if (known && this.#budget < known.size) throw limit(local.name, known.size, this.#budget);
    const sink = new MemberSink(this.#codec, local.method, local.name, known, this.#budget);
    this.#member = { local, sink, remaining: known?.compressedSize, written: 0 };
    this.#consume(local.length);
    this.#state = unknown ? "scan" : "data";
  }

  /**
   * Sizes unknown until the data descriptor: pass data on while looking for a descriptor whose
   * compressed size equals the bytes seen so far (the only way to find the end of stored data,
   * which Python's zipfile writes this way on unseekable output).
   */
  async #scan(final: boolean): Promise<boolean> {
    const m = this.#member!;
    const b = this.#buf;
    const stored = m.local.method === METHOD_STORED;
    const last = final ? b.length - 16 : b.length - LOOKAHEAD;
    for (let i = 0; i <= last; i++) {
      const p = m.written + i;
      // cheap byte tests before the full check: a signature, or the low byte of the size
      if (b[i] !== 0x50 && b[i + 4] !== (p & 0xff)) continue;
      const d = descriptorAt(b, i, p, stored);
      if (!d) continue;
      await m.sink.write(b.subarray(0, i));
      m.written = p;
      this.#consume(i + d.length);
      await this.#end(d.crc32, d.size);
      return true;
    }
    if (final) {
      throw new NpyError(
        "TRUNCATED",
        `member "${m.local.name}" has no data descriptor before the end of the stream; the archive is incomplete`,
        { offset: this.#at + b.length },
      );
    }
    const safe = Math.max(0, last + 1);
    await m.sink.write(b.subarray(0, safe));
    m.written += safe;
    this.#consume(safe);
    return false;
  }

  async #end(crc: number, size: number): Promise<void> {
    const m = this.#member!;
    const { name } = m.local;
    const bytes = await m.sink.finish();
    if (bytes.length !== size) {
      badZip(
        `member "${name}" has ${bytes.length} bytes, its header or data descriptor says ${size}`,
        this.#at,
      );
    }
    if (m.sink.crc !== crc)
      throw crcMismatch({ name, size, crc32: crc, localHeaderOffset: this.#at }, m.sink.crc);
    this.#budget -= bytes.length;
    this.#member = undefined;
    this.#state = "record";
    const member: NpzMember = { key: keyOf(name), name, bytes };
    if (isNpy(bytes)) member.array = await decodeNpyMember(bytes, name, this.#options);
    this.#emit(member);
  }

  get loaded(): number {
    return this.#at + this.#buf.length;
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
    super({
      start(controller) {
        scanner = new ZipScanner(options, (m) => controller.enqueue(m));
      },
      async transform(chunk) {
        checkAborted(signal);
        await scanner.push(chunk, false);
        onProgress?.({ loaded: scanner.loaded, total: undefined });
      },
      async flush() {
        checkAborted(signal);
        await scanner.push(EMPTY, true);
      },
    });
  }
}

/**
 * Reads a whole npz archive from a stream: numpy's `dict(np.load(f))`, keyed by numpy's keys,
 * with arrays for .npy members and raw bytes for the others.
 */
export async function readNpzStream(
  source: ReadableStream<Uint8Array>,
  options: NpzDecoderStreamOptions = {},
): Promise<Map<string, NpyArray | Uint8Array>> {
  const out = new Map<string, NpyArray | Uint8Array>();
  const reader = source.pipeThrough(new NpzDecoderStream(options)).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.set(value.key, value.array ?? value.bytes);
  }
}
