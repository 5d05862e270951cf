import type { NpyArray } from "@npyio/dtype";
import type { ParsedHeader } from "@npyio/header";
import { headerByteLength, NpyError, parseHeader } from "@npyio/header";
import type { ByteSource } from "@npyio/stream";
import { checkAborted } from "./abort.js";
import { toByteSource } from "./byte-source.js";
import type { ZipEntry } from "./central-directory.js";
import { readCentralDirectory } from "./central-directory.js";
import type { NpyMemberOptions } from "./npy-member.js";
import { decodeNpyMember, isNpy } from "./npy-member.js";
import { defaultCodec } from "./web-codec.js";
import type { ZipCodec } from "./zip-codec.js";
import { memberStream, readMember } from "./zip-member.js";
import { keyOf } from "./zip-name.js";

/** Options of {@link NpzReader.open}; they apply to every later read of that reader. */
export interface NpzReaderOptions extends NpyMemberOptions {
  /** Aborts opening (reads take their own signal). */
  signal?: AbortSignal;
  /** The deflate engine; default: native DecompressionStream where available, else fflate. */
  codec?: ZipCodec;
  /**
   * Most uncompressed bytes this reader will produce over all its reads (LIMIT_EXCEEDED past it,
   * checked before anything is inflated). Default: no limit.
   */
  maxTotalBytes?: number;
  /** Compressed bytes per source read when streaming a member (default 1 MiB). */
  chunkSize?: number;
}

/** Options of one read. */
export interface NpzReadOptions {
  signal?: AbortSignal;
}

/** A member as listed by the central directory, known without inflating anything. */
export interface NpzEntry {
  /** numpy's key: the member name without `.npy`. */
  key: string;
  /** The member's full name in the archive. */
  name: string;
  /** 0 stored, 8 deflate (others are listed but cannot be read). */
  method: number;
  compressedSize: number;
  /** Uncompressed size in bytes. */
  size: number;
  crc32: number;
}

const HEADER_CHUNK = 16384;

/**
 * Random access to an npz (zip) archive through its central directory, on any {@link ByteSource}:
 * opening reads the tail of the archive (one read, two for a large directory); each member read
 * costs its local header plus its own bytes. CRC-32 and sizes are checked on every member.
 *
 * @example
 * ```ts
 * const npz = await NpzReader.open(bytes);
 * npz.names();               // ["a", "b"]
 * const a = await npz.get("a");
 * ```
 */
export class NpzReader {
  readonly #source: ByteSource;
  readonly #entries: ZipEntry[];
  readonly #byName = new Map<string, ZipEntry>();
  readonly #byKey = new Map<string, ZipEntry>();
  readonly #limit: number;
  readonly #codec: ZipCodec;
  readonly #options: NpzReaderOptions;
  #budget: number;

  private constructor(source: ByteSource, entries: ZipEntry[], limit: number, options: NpzReaderOptions) {
    this.#source = source;
    this.#entries = entries;
    this.#limit = limit;
    this.#options = options;
    this.#codec = options.codec ?? defaultCodec();
    this.#budget = options.maxTotalBytes ?? Number.POSITIVE_INFINITY;
    for (const e of entries) {
      if (this.#byName.has(e.name)) {
        throw new NpyError(
          "DUPLICATE_NAME",
          `the archive has two members named "${e.name}"; which one numpy would load is ambiguous, so it is refused`,
          { offset: e.localHeaderOffset },
        );
      }
      this.#byName.set(e.name, e);
      const key = keyOf(e.name);
      if (key !== e.name && !this.#byKey.has(key)) this.#byKey.set(key, e);
    }
  }

  /**
   * Opens an archive: finds the end record (and zip64 records), reads the central directory and
   * checks its layout. Accepts a ByteSource, bytes or a Blob.
   */
  static async open(
    source: ByteSource | ArrayBuffer | ArrayBufferView | Blob,
    options: NpzReaderOptions = {},
  ): Promise<NpzReader> {
    const src = toByteSource(source);
    let size = src.size;
    if (size === undefined) {
      // an HTTP source learns its size from its first response
      await src.read(0, 4, { signal: options.signal });
      size = src.size;
    }
    if (size === undefined) {
      throw new NpyError(
        "NOT_SEEKABLE",
        "the source does not know its size, which random access to a zip needs; read it sequentially with readNpzStream",
      );
    }
    const { entries, offset } = await readCentralDirectory(src, size, options.signal);
    return new NpzReader(src, entries, offset, options);
  }

  /** numpy's keys (member names without `.npy`), in archive order, like `np.load(f).files`. */
  names(): string[] {
    return this.#entries.map((e) => keyOf(e.name));
  }

  /** Every member with its sizes, method and CRC, in archive order; nothing is inflated. */
  entries(): NpzEntry[] {
    return this.#entries.map(publicEntry);
  }

  /** Whether `name` (a key or a full member name) is in the archive. */
  has(name: string): boolean {
    return this.#find(name) !== undefined;
  }

  /** The entry for `name` (a key or a full member name); MEMBER_NOT_FOUND lists what exists. */
  entry(name: string): NpzEntry {
    return publicEntry(this.#resolve(name));
  }

  /** The uncompressed bytes of any member (a .npy file's bytes, or a non-.npy member's raw content). */
  async bytes(name: string, options: NpzReadOptions = {}): Promise<Uint8Array> {
    const e = this.#resolve(name);
    this.#spend(e);
    return readMember(this.#source, e, this.#limit, this.#codec, options.signal);
  }

  /**
   * The uncompressed bytes of a member as a stream, read and inflated chunk by chunk (pipe it into
   * an `NpyDecoderStream` for a .npy member too large for memory). The stream errors with
   * CRC_MISMATCH at its end if the data is corrupt.
   */
  stream(name: string, options: NpzReadOptions = {}): ReadableStream<Uint8Array> {
    const e = this.#resolve(name);
    this.#spend(e);
    return this.#stream(e, this.#options.chunkSize ?? 1 << 20, options.signal);
  }

  /**
   * The array in a .npy member, decoded (its data is a view of the member's bytes where the dtype
   * allows). BAD_MAGIC for a member that is not a .npy file: read those with {@link bytes}.
   */
  async get(name: string, options: NpzReadOptions = {}): Promise<NpyArray> {
    const e = this.#resolve(name);
    return decodeNpyMember(await this.bytes(name, options), e.name, this.#options);
  }

  /**
   * Every member, like numpy's `dict(np.load(f))`: arrays for .npy members (by their magic, as
   * numpy decides), raw bytes for the others. Members are read concurrently, so an engine with a
   * thread pool (node:zlib) inflates them in parallel.
   */
  async toMap(options: NpzReadOptions = {}): Promise<Map<string, NpyArray | Uint8Array>> {
    const values = await Promise.all(
      this.#entries.map(async (e) => {
        const bytes = await this.bytes(e.name, options);
        return isNpy(bytes) ? decodeNpyMember(bytes, e.name, this.#options) : bytes;
      }),
    );
    return new Map(this.#entries.map((e, i) => [keyOf(e.name), values[i]!]));
  }

  /** Closes the source if it can be closed (a file opened by `openNpzFile`). */
  async close(): Promise<void> {
    await (this.#source as { close?: () => Promise<void> }).close?.();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** The .npy header of a member, reading and inflating only the first bytes of the member. */
  async header(name: string, options: NpzReadOptions = {}): Promise<ParsedHeader> {
    const e = this.#resolve(name);
    const reader = this.#stream(e, HEADER_CHUNK, options.signal).getReader();
    let prefix = new Uint8Array(0);
    try {
      for (;;) {
        checkAborted(options.signal);
        const { done, value } = await reader.read();
        if (done) break;
        const next = new Uint8Array(prefix.length + value.length);
        next.set(prefix);
        next.set(value, prefix.length);
        prefix = next;
        const need = headerByteLength(prefix, this.#options);
        if (need !== undefined && prefix.length >= need)
          return parseHeader(prefix.subarray(0, need), this.#options);
      }
    } finally {
      reader.cancel().catch(() => {});
    }
    // the member ended inside its header: let the header parser say what is missing
    return parseHeader(prefix, this.#options);
  }

  #stream(e: ZipEntry, chunkSize: number, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
    return memberStream(this.#source, e, this.#limit, this.#codec, chunkSize, signal);
  }

  #find(name: string): ZipEntry | undefined {
    return this.#byName.get(name) ?? this.#byKey.get(name);
  }

  #resolve(name: string): ZipEntry {
    const e = this.#find(name);
    if (e) return e;
    const keys = this.names();
    const shown =
      keys.length > 20 ? `${keys.slice(0, 20).join(", ")}, ... (${keys.length} in all)` : keys.join(", ");
    throw new NpyError(
      "MEMBER_NOT_FOUND",
      `no member "${name}" in the archive; it has ${keys.length ? shown : "no members"}`,
    );
  }

  #spend(e: ZipEntry): void {
    if (e.size > this.#budget) {
      throw new NpyError(
        "LIMIT_EXCEEDED",
        `member "${e.name}" is ${e.size} bytes uncompressed, more than the ${this.#budget} bytes left of maxTotalBytes (${this.#options.maxTotalBytes}); raise maxTotalBytes if you trust the archive`,
      );
    }
    this.#budget -= e.size;
  }
}

function publicEntry(e: ZipEntry): NpzEntry {
  return {
    key: keyOf(e.name),
    name: e.name,
    method: e.method,
    compressedSize: e.compressedSize,
    size: e.size,
    crc32: e.crc32,
  };
}
