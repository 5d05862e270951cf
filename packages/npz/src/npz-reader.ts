import type { NpyArray } from "@npyio/dtype";
import type { ParsedHeader } from "@npyio/header";
import { headerByteLength, parseHeader } from "@npyio/header";
import type { ByteSource, StreamOptions } from "@npyio/stream";
import { throwIfAborted } from "@npyio/stream";
import type { NpyReader, OpenNpyOptions } from "@npyio/stream/slice";
import { openNpy } from "@npyio/stream/slice";
import { type NpzInput, toByteSource, type UrlOptions } from "./byte-source.js";
import type { ZipEntry } from "./central-directory.js";
import { readCentralDirectory } from "./central-directory.js";
import { MAX_TAIL } from "./end-of-central-directory.js";
import type { NpyMemberOptions } from "./npy-member.js";
import { decodeNpyMember, isNpy } from "./npy-member.js";
import { storedMemberSource } from "./stored-member-source.js";
import { defaultCodec } from "./web-codec.js";
import type { ZipCodec } from "./zip-codec.js";
import { concat } from "./zip-codec.js";
import { fail, member } from "./zip-error.js";
import { METHOD_STORED } from "./zip-format.js";
import { overBudget } from "./zip-limits.js";
import type { ZipMembers } from "./zip-member.js";
import { zipMembers } from "./zip-member.js";
import { keyOf } from "./zip-name.js";

/**
 * Options of {@link NpzReader.open}; they apply to every later read of that reader.
 *
 * @example
 * ```ts
 * const npz = await NpzReader.open(httpSource(url), { maxTotalBytes: 1 << 30, chunkSize: 256 << 10 });
 * ```
 */
export interface NpzReaderOptions extends NpyMemberOptions, UrlOptions, StreamOptions {
  /**
   * `signal` aborts opening and `onProgress` reports the bytes of the archive's tail and central
   * directory read; later reads take their own (see {@link NpzReadOptions}).
   */
  signal?: AbortSignal | undefined;
  /** The deflate engine; default: native DecompressionStream where available, else fflate. */
  codec?: ZipCodec;
  /**
   * Most uncompressed bytes this reader will produce over all its reads (LIMIT_EXCEEDED past it,
   * checked before anything is inflated). Default: no limit.
   */
  maxTotalBytes?: number;
  /**
   * Most members the central directory may list (LIMIT_EXCEEDED past it, checked on the end
   * record's count before the directory is read). Default: 1,048,560 (65535 × 16).
   */
  maxMembers?: number;
  /**
   * Largest uncompressed : compressed size a member may declare (LIMIT_EXCEEDED past it, checked
   * before the member is inflated). Default and ceiling: 1032, deflate's maximum; a larger declared
   * ratio is impossible and is BAD_ZIP.
   */
  maxRatio?: number;
  /** Compressed bytes per source read when streaming a member (default 1 MiB). */
  chunkSize?: number;
}

/**
 * Options of one read: `signal` aborts it with `ABORTED` (between two chunks of reading or
 * inflating, so within milliseconds), `onProgress({ loaded, total })` reports the compressed bytes
 * read (`total`: the compressed size of the member, or of all members for `toMap`).
 *
 * @example
 * ```ts
 * const w = await npz.get("w", { signal: AbortSignal.timeout(10_000), onProgress: ({ loaded, total }) => bar(loaded / total!) });
 * ```
 */
export type NpzReadOptions = StreamOptions;

/**
 * A member as listed by the central directory, known without inflating anything.
 *
 * @example
 * ```ts
 * for (const e of npz.entries()) console.log(e.key, e.name);
 * ```
 */
export interface NpzEntry extends ZipEntry {
  /** numpy's key: the member name without `.npy`. */
  key: string;
}

// openMember reaches a reader's stored members through this map rather than through a method: a
// class's methods stay in every bundle that uses the class, and a method calling openNpy would put
// its index parser and slice planner in every app that reads an .npz (+2.5 kB min+gz)
const storedSources = new WeakMap<
  NpzReader,
  (name: string, options: OpenNpyOptions) => Promise<[ByteSource, OpenNpyOptions]>
>();

/**
 * Random access to an npz (zip) archive through its central directory, on any `ByteSource`:
 * opening reads the tail of the archive (one read, two for a large directory); each member read
 * costs its local header plus its own bytes. CRC-32 and sizes are checked on every member.
 * A member is named by its key (`"a"`) or its full name (`"a.npy"`).
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
  readonly #entries: NpzEntry[];
  readonly #byName = new Map<string, NpzEntry>();
  readonly #members: ZipMembers;
  readonly #options: NpzReaderOptions;
  #budget: number;

  protected constructor(source: ByteSource, entries: ZipEntry[], limit: number, options: NpzReaderOptions) {
    this.#source = source;
    this.#entries = entries.map((e) => ({ ...e, key: keyOf(e.name) }));
    this.#options = options;
    this.#members = zipMembers(source, limit, options.codec ?? defaultCodec(), options.maxRatio);
    this.#budget = options.maxTotalBytes ?? Number.POSITIVE_INFINITY;
    storedSources.set(this, (name, open) => this.#storedSource(name, open));
    for (const e of this.#entries) {
      if (this.#byName.has(e.name))
        fail(`the archive has two members named "${e.name}"`, e.localHeaderOffset, "DUPLICATE_NAME");
      this.#byName.set(e.name, e);
    }
  }

  /**
   * Opens an archive: finds the end record (and zip64 records), reads the central directory and
   * checks its layout. Accepts a ByteSource, bytes, a Blob or a URL: a URL is read with Range
   * requests, the tail and the size with one suffix request (`Range: bytes=-65557`). In Node (the
   * `node` export condition), a file path or `file:` URL is read through a file ByteSource.
   */
  static async open(source: NpzInput, options: NpzReaderOptions = {}): Promise<NpzReader> {
    throwIfAborted(options.signal);
    const src = toByteSource(source, options);
    const { signal } = options;
    let tail: Uint8Array | undefined;
    // an HTTP source learns its size from its first response: the tail's, when it can read one
    if (src.size === undefined) {
      if (src.readTail) tail = await src.readTail(MAX_TAIL, { signal });
      else await src.read(0, 4, { signal });
    }
    if (src.size === undefined)
      fail(
        "the source has no known size; read it with readNpzStream (@npyio/npz/stream) instead",
        undefined,
        "NOT_SEEKABLE",
      );
    const { entries, offset } = await readCentralDirectory(src, src.size, signal, options.maxMembers, tail);
    // the tail: central directory and end records, read in one or two requests
    options.onProgress?.({ loaded: src.size - offset, total: src.size - offset });
    const { signal: _, onProgress: __, ...kept } = options;
    return new this(src, entries, offset, kept);
  }

  /** numpy's keys (member names without `.npy`), in archive order, like `np.load(f).files`. */
  names(): string[] {
    return this.#entries.map((e) => e.key);
  }

  /** Every member with its sizes, method and CRC, in archive order; nothing is inflated. */
  entries(): NpzEntry[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  /** Whether `name` (a key or a full member name) is in the archive. */
  has(name: string): boolean {
    return !!this.#find(name);
  }

  /** The entry for `name`; MEMBER_NOT_FOUND lists what exists. */
  entry(name: string): NpzEntry {
    return { ...this.#resolve(name) };
  }

  /** The uncompressed bytes of any member (a .npy file's bytes, or a non-.npy member's raw content). */
  async bytes(name: string, options: NpzReadOptions = {}): Promise<Uint8Array> {
    return this.#members.bytes(this.#spend(name), options, this.#chunkSize);
  }

  /**
   * The uncompressed bytes of a member as a stream, read and inflated chunk by chunk (pipe it into
   * an `NpyDecoderStream` for a .npy member too large for memory). The stream errors with
   * CRC_MISMATCH at its end if the data is corrupt.
   */
  stream(name: string, options: NpzReadOptions = {}): ReadableStream<Uint8Array> {
    return this.#members.stream(this.#spend(name), this.#chunkSize, options);
  }

  /**
   * The array in a .npy member, decoded (its data is a view of the member's bytes where the dtype
   * allows). BAD_MAGIC for a member that is not a .npy file: read those with {@link bytes}.
   */
  async get(name: string, options: NpzReadOptions = {}): Promise<NpyArray> {
    return decodeNpyMember(await this.bytes(name, options), name, this.#options);
  }

  /**
   * Every member, like numpy's `dict(np.load(f))`: arrays for .npy members (by their magic, as
   * numpy decides), raw bytes for the others. Members are read concurrently, so an engine with a
   * thread pool (node:zlib) inflates them in parallel.
   */
  async toMap(options: NpzReadOptions = {}): Promise<Map<string, NpyArray | Uint8Array>> {
    const { signal, onProgress } = options;
    const total = this.#entries.reduce((n, e) => n + e.compressedSize, 0);
    const done = this.#entries.map(() => 0);
    let loaded = 0;
    const values = await Promise.all(
      this.#entries.map(async ({ name }, i) => {
        // each member reports its own progress; the sum over members is the archive's
        const read: NpzReadOptions = { signal };
        if (onProgress) {
          read.onProgress = (p) => {
            loaded += p.loaded - done[i]!;
            done[i] = p.loaded;
            onProgress({ loaded, total });
          };
        }
        const bytes = await this.bytes(name, read);
        return isNpy(bytes) ? decodeNpyMember(bytes, name, this.#options) : bytes;
      }),
    );
    return new Map(this.#entries.map((e, i) => [e.key, values[i]!]));
  }

  /** A stored member's bytes as a ByteSource read in place, and openNpy's options, for {@link openMember}. */
  async #storedSource(name: string, options: OpenNpyOptions): Promise<[ByteSource, OpenNpyOptions]> {
    const e = this.#resolve(name);
    if (e.method !== METHOD_STORED) {
      fail(
        `${member(e.name)} is deflated, so its bytes cannot be read at an offset; read it whole with get("${e.key}") or stream it with stream("${e.key}")`,
        e.localHeaderOffset,
        "NOT_SEEKABLE",
      );
    }
    const [offset, first] = await this.#members.locate(e, options.probe ?? 1024, options.signal);
    const source = storedMemberSource(this.#source, offset, e.size, first);
    return [source, { maxHeaderSize: this.#options.maxHeaderSize, ...options }];
  }

  /** The .npy header of a member, reading and inflating only the first bytes of the member. */
  async header(name: string, options: NpzReadOptions = {}): Promise<ParsedHeader> {
    const reader = this.#members.stream(this.#resolve(name), 16384, options).getReader();
    let prefix: Uint8Array = new Uint8Array(0);
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        prefix = concat([prefix, r.value]);
        const need = headerByteLength(prefix, this.#options);
        if (need !== undefined && prefix.length >= need) break;
      }
    } finally {
      reader.cancel().catch(() => {});
    }
    // a member that ends inside its header: the header parser says what is missing
    return parseHeader(prefix, this.#options);
  }

  /** Closes the source if it can be closed (a file opened by `openNpzFile`). */
  async close(): Promise<void> {
    await (this.#source as { close?: () => Promise<void> }).close?.();
  }

  /** `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  get #chunkSize(): number {
    return this.#options.chunkSize ?? 1 << 20;
  }

  #find(name: string): NpzEntry | undefined {
    return this.#byName.get(name) ?? this.#byName.get(`${name}.npy`);
  }

  #resolve(name: string): NpzEntry {
    const e = this.#find(name);
    if (e) return e;
    const keys = this.names();
    return fail(
      `no ${member(name)}; the archive has ${keys.length ? keys.slice(0, 20).join(", ") : "no members"}${keys.length > 20 ? `, ... (${keys.length})` : ""}`,
      undefined,
      "MEMBER_NOT_FOUND",
    );
  }

  /** The entry for `name`, once its size is taken from what maxTotalBytes still allows. */
  #spend(name: string): NpzEntry {
    const e = this.#resolve(name);
    if (e.size > this.#budget) throw overBudget(e.name, e.size, this.#budget);
    this.#budget -= e.size;
    return e;
  }
}

/**
 * Opens a stored (uncompressed) .npy member of `reader` for numpy-style slices, like numpy's
 * `np.load(path, mmap_mode="r")` on the file: a stored member is a .npy file at an offset in the
 * archive, so one read gets its local header and .npy header, and each slice reads only the bytes it
 * touches (see `openNpy` in @npyio/stream). A slice is not checked against the member's CRC-32,
 * which covers the whole member. A deflated member (numpy's `savez_compressed`) cannot be read at
 * an offset: `NOT_SEEKABLE`, read it whole with `reader.get` or stream it with `reader.stream`.
 * The reader's `maxHeaderSize` applies unless `options` gives its own.
 *
 * @example
 * ```ts
 * const npz = await NpzReader.open(httpSource(url));
 * const w = await openMember(npz, "w");
 * const row = await w.slice(10); // w[10]
 * ```
 */
export async function openMember(
  reader: NpzReader,
  name: string,
  options: OpenNpyOptions = {},
): Promise<NpyReader> {
  const storedSource = storedSources.get(reader);
  if (!storedSource)
    fail("openMember expects an NpzReader (from NpzReader.open)", undefined, "INVALID_ARGUMENT");
  return openNpy(...(await storedSource(name, options)));
}
