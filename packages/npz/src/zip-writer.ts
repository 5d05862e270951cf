import { NpyError } from "@npyio/header";
import {
  CENTRAL,
  END,
  FLAG_DESCRIPTOR,
  FLAG_UTF8,
  LOCAL,
  LOCATOR,
  lengthOf,
  METHOD_STORED,
  pack,
  SIG_CENTRAL,
  SIG_DESCRIPTOR,
  SIG_END,
  SIG_LOCAL,
  SIG_ZIP64_END,
  SIG_ZIP64_LOCATOR,
  U16_MAX,
  U32_MAX,
  ZIP64_END,
} from "./zip-format.js";

/** What is known of a member before its data is written. */
export interface MemberStart {
  name: string;
  method: number;
  /** CRC-32 and sizes, when the whole data is at hand; otherwise a data descriptor follows the data. */
  known?: { crc32: number; compressedSize: number; size: number };
}

interface Central {
  text: string;
  name: Uint8Array;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  offset: number;
}

// 1980-01-01 00:00:00 in MS-DOS format, numpy's (zipfile's) default: the output is reproducible.
const DOS_DATE = (1 << 5) | 1;
// "made by" Unix (3) with spec 4.5, and mode rw------- as Python's zipfile writes for open("w")
const MADE_BY = (3 << 8) | 45;
const EXTERNAL_ATTR = 0o600 << 16;
const encoder = new TextEncoder();

/** A zip64 extra field holding `values` (those of size, compressed size, offset that need it). */
const zip64Extra = (values: number[]) =>
  values.length ? pack([2, 2, ...values.map(() => 8)], [1, 8 * values.length, ...values]) : new Uint8Array(0);

/**
 * INVALID_ARGUMENT for a member name with a NUL: Python's zipfile (so `np.load`) cuts a name at its
 * first NUL, a trick of archive viruses, so the archive would not hold the name asked for.
 */
export function checkName(name: string): void {
  if (name.includes("\0"))
    throw new NpyError(
      "INVALID_ARGUMENT",
      `member name ${JSON.stringify(name)} contains a NUL, where zip readers cut names; remove it`,
    );
}

/**
 * The zip writing state machine, independent of where the bytes go: each method returns the
 * records to emit and counts offsets. `saveNpz` (sync) and `NpzWriter` (streaming) both drive it.
 * Zip64 records appear when a size or offset reaches 4 GiB, when there are 65535 members or more,
 * or always with `forceZip64`.
 */
export class ZipWriter {
  offset = 0;
  readonly #central: Central[] = [];
  readonly #names = new Set<string>();
  readonly #force: boolean;
  #open: Central | undefined;

  constructor(options: { forceZip64?: boolean } = {}) {
    this.#force = options.forceZip64 ?? false;
  }

  /** Reserves a member name: DUPLICATE_NAME if the archive has it already. */
  claim(name: string): void {
    checkName(name);
    if (this.#names.has(name))
      throw new NpyError("DUPLICATE_NAME", `the archive already has a member "${name}"`);
    this.#names.add(name);
  }

  /** The local header of a new member (whose name was claimed). */
  begin({ name: text, method, known }: MemberStart): Uint8Array {
    const name = encoder.encode(text);
    if (name.length > U16_MAX)
      throw new NpyError("INVALID_ARGUMENT", `member name "${text.slice(0, 40)}..." is too long`);
    const flags = (name.length === text.length ? 0 : FLAG_UTF8) | (known ? 0 : FLAG_DESCRIPTOR);
    const c = {
      text,
      name,
      flags,
      method,
      crc32: 0,
      compressedSize: 0,
      size: 0,
      ...known,
      offset: this.offset,
    };
    // Unknown sizes may pass 4 GiB: announce zip64 locally (8-byte descriptor sizes), as Python does.
    const zip64 = this.#force || !known || c.size >= U32_MAX || c.compressedSize >= U32_MAX;
    const extra = zip64 ? zip64Extra([c.size, c.compressedSize]) : new Uint8Array(0);
    const big = zip64 ? U32_MAX : 0;
    const h = pack(
      LOCAL,
      [
        SIG_LOCAL,
        zip64 ? 45 : 20,
        flags,
        method,
        0,
        DOS_DATE,
        c.crc32,
        big || c.compressedSize,
        big || c.size,
        name.length,
        extra.length,
      ],
      name,
      extra,
    );
    this.#open = c;
    this.#central.push(c);
    this.offset += h.length;
    return h;
  }

  /** Counts `n` data bytes written after the local header. */
  data(n: number): void {
    this.offset += n;
  }

  /** Ends the open member; returns its data descriptor when the sizes were not known up front. */
  end(crc32: number, compressedSize: number, size: number): Uint8Array | undefined {
    const c = this.#open!;
    this.#open = undefined;
    if (c.method === METHOD_STORED && compressedSize !== size) {
      throw new NpyError(
        "INVALID_ARGUMENT",
        `stored member "${c.text}" wrote ${compressedSize} of ${size} bytes`,
      );
    }
    if (!(c.flags & FLAG_DESCRIPTOR)) return undefined;
    Object.assign(c, { crc32, compressedSize, size });
    const d = pack([4, 4, 8, 8], [SIG_DESCRIPTOR, crc32, compressedSize, size]);
    this.offset += d.length;
    return d;
  }

  /** The central directory and end records. */
  finish(): Uint8Array {
    const cdOffset = this.offset;
    const parts = this.#central.map((c) => {
      const values = [c.size, c.compressedSize, c.offset];
      const wide = values.map((v) => this.#force || v >= U32_MAX);
      const extra = zip64Extra(values.filter((_, i) => wide[i]));
      const [s, cs, o] = values.map((v, i) => (wide[i] ? U32_MAX : v));
      return pack(
        CENTRAL,
        [
          SIG_CENTRAL,
          MADE_BY,
          extra.length ? 45 : 20,
          c.flags,
          c.method,
          0,
          DOS_DATE,
          c.crc32,
          cs,
          s,
          c.name.length,
          extra.length,
          0,
          0,
          0,
          EXTERNAL_ATTR,
          o,
        ],
        c.name,
        extra,
      );
    });
    const cdSize = parts.reduce((n, p) => n + p.length, 0);
    const count = parts.length;
    if (this.#force || count >= U16_MAX || cdOffset >= U32_MAX || cdSize >= U32_MAX) {
      const recordAt = cdOffset + cdSize;
      parts.push(
        pack(ZIP64_END, [
          SIG_ZIP64_END,
          lengthOf(ZIP64_END) - 12,
          MADE_BY,
          45,
          0,
          0,
          count,
          count,
          cdSize,
          cdOffset,
        ]),
        pack(LOCATOR, [SIG_ZIP64_LOCATOR, 0, recordAt, 1]),
        pack(END, [SIG_END, 0, 0, U16_MAX, U16_MAX, U32_MAX, U32_MAX]),
      );
    } else {
      parts.push(pack(END, [SIG_END, 0, 0, count, count, cdSize, cdOffset]));
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let p = 0;
    for (const part of parts) {
      out.set(part, p);
      p += part.length;
    }
    this.offset += out.length;
    return out;
  }
}
