import { NpyError } from "@npyio/header";
import {
  CENTRAL_HEADER_LENGTH,
  END_LENGTH,
  FLAG_DESCRIPTOR,
  FLAG_UTF8,
  LOCAL_HEADER_LENGTH,
  METHOD_STORED,
  SIG_CENTRAL,
  SIG_DESCRIPTOR,
  SIG_END,
  SIG_LOCAL,
  SIG_ZIP64_END,
  SIG_ZIP64_LOCATOR,
  setU16,
  setU32,
  setU64,
  U16_MAX,
  U32_MAX,
  ZIP64_END_LENGTH,
  ZIP64_EXTRA_ID,
  ZIP64_LOCATOR_LENGTH,
} from "./zip-format.js";

/** What is known of a member before its data is written. */
export interface MemberStart {
  name: string;
  method: number;
  /** CRC-32 and sizes, when the whole data is at hand; otherwise a data descriptor follows the data. */
  known?: { crc32: number; compressedSize: number; size: number };
}

interface Central {
  nameBytes: Uint8Array;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  offset: number;
}

// 1980-01-01 00:00:00 in MS-DOS format, numpy's (zipfile's) default: the output is reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
// "made by" Unix (3), spec 2.0 / 4.5 with zip64; mode rw------- as Python's zipfile writes for open("w")
const MADE_BY_UNIX = 3 << 8;
const EXTERNAL_ATTR = 0o600 << 16;
const needs64 = (v: number) => v >= U32_MAX;
const encoder = new TextEncoder();

/**
 * The zip writing state machine, independent of where the bytes go: each method returns the
 * records to emit and counts offsets. `saveNpz` (sync) and `NpzWriter` (streaming) both drive it.
 * Zip64 records appear when a size or offset reaches 4 GiB, when there are more than 65535
 * members, or always with `forceZip64`.
 */
export class ZipWriter {
  offset = 0;
  readonly #central: Central[] = [];
  readonly #names = new Set<string>();
  readonly #force: boolean;
  #open: { central: Central; zip64: boolean } | undefined;

  constructor(options: { forceZip64?: boolean } = {}) {
    this.#force = options.forceZip64 ?? false;
  }

  get count(): number {
    return this.#central.length;
  }

  /** The local header of a new member. */
  begin(start: MemberStart): Uint8Array {
    if (this.#open)
      throw new NpyError("INVALID_ARGUMENT", "a zip member was begun before the previous one ended");
    if (this.#names.has(start.name)) {
      throw new NpyError(
        "DUPLICATE_NAME",
        `the archive already has a member "${start.name}"; numpy would load only one of them, so keys must be unique`,
      );
    }
    this.#names.add(start.name);
    const nameBytes = encoder.encode(start.name);
    if (nameBytes.length > U16_MAX) {
      throw new NpyError(
        "INVALID_ARGUMENT",
        `member name is ${nameBytes.length} bytes in UTF-8, zip allows 65535`,
      );
    }
    const ascii = nameBytes.length === start.name.length;
    const known = start.known;
    const flags = (ascii ? 0 : FLAG_UTF8) | (known ? 0 : FLAG_DESCRIPTOR);
    // Unknown sizes may pass 4 GiB: announce zip64 locally (8-byte descriptor sizes), as Python does.
    const zip64 = this.#force || !known || needs64(known.size) || needs64(known.compressedSize);
    const central: Central = {
      nameBytes,
      flags,
      method: start.method,
      crc32: known?.crc32 ?? 0,
      compressedSize: known?.compressedSize ?? 0,
      size: known?.size ?? 0,
      offset: this.offset,
    };
    const h = new Uint8Array(LOCAL_HEADER_LENGTH + nameBytes.length + (zip64 ? 20 : 0));
    setU32(h, 0, SIG_LOCAL);
    setU16(h, 4, zip64 ? 45 : 20);
    setU16(h, 6, flags);
    setU16(h, 8, start.method);
    setU16(h, 10, DOS_TIME);
    setU16(h, 12, DOS_DATE);
    setU32(h, 14, central.crc32);
    setU32(h, 18, zip64 ? U32_MAX : central.compressedSize);
    setU32(h, 22, zip64 ? U32_MAX : central.size);
    setU16(h, 26, nameBytes.length);
    setU16(h, 28, zip64 ? 20 : 0);
    h.set(nameBytes, LOCAL_HEADER_LENGTH);
    if (zip64) {
      const x = LOCAL_HEADER_LENGTH + nameBytes.length;
      setU16(h, x, ZIP64_EXTRA_ID);
      setU16(h, x + 2, 16);
      setU64(h, x + 4, central.size);
      setU64(h, x + 12, central.compressedSize);
    }
    this.#open = { central, zip64 };
    this.offset += h.length;
    return h;
  }

  /** Counts `n` data bytes written after the local header. */
  data(n: number): void {
    this.offset += n;
  }

  /** Ends the open member; returns its data descriptor when the sizes were not known up front. */
  end(crc32: number, compressedSize: number, size: number): Uint8Array | undefined {
    const open = this.#open;
    if (!open) throw new NpyError("INVALID_ARGUMENT", "a zip member was ended without being begun");
    this.#open = undefined;
    const c = open.central;
    this.#central.push(c);
    if (c.method === METHOD_STORED && compressedSize !== size) {
      throw new NpyError(
        "INVALID_ARGUMENT",
        `stored member wrote ${compressedSize} bytes but counted ${size}`,
      );
    }
    if (!(c.flags & FLAG_DESCRIPTOR)) {
      if (crc32 !== c.crc32 || compressedSize !== c.compressedSize || size !== c.size) {
        throw new NpyError(
          "SHAPE_MISMATCH",
          `member "${new TextDecoder().decode(c.nameBytes)}" was announced as ${c.size} bytes but ${size} were written`,
        );
      }
      return undefined;
    }
    c.crc32 = crc32;
    c.compressedSize = compressedSize;
    c.size = size;
    const d = new Uint8Array(open.zip64 ? 24 : 16);
    setU32(d, 0, SIG_DESCRIPTOR);
    setU32(d, 4, crc32);
    if (open.zip64) {
      setU64(d, 8, compressedSize);
      setU64(d, 16, size);
    } else {
      setU32(d, 8, compressedSize);
      setU32(d, 12, size);
    }
    this.offset += d.length;
    return d;
  }

  /** The central directory and end records. */
  finish(): Uint8Array {
    if (this.#open) throw new NpyError("INVALID_ARGUMENT", "the archive was finished inside a member");
    const cdOffset = this.offset;
    let cdSize = 0;
    const extras = this.#central.map((c) => {
      const fields = [needs64(c.size), needs64(c.compressedSize), needs64(c.offset)];
      const n = this.#force ? 3 : fields.filter(Boolean).length;
      return { fields: this.#force ? [true, true, true] : fields, length: n ? 4 + 8 * n : 0 };
    });
    this.#central.forEach((c, i) => {
      cdSize += CENTRAL_HEADER_LENGTH + c.nameBytes.length + extras[i]!.length;
    });
    const zip64 = this.#force || this.#central.length >= U16_MAX || needs64(cdOffset) || needs64(cdSize);
    const out = new Uint8Array(cdSize + (zip64 ? ZIP64_END_LENGTH + ZIP64_LOCATOR_LENGTH : 0) + END_LENGTH);
    let p = 0;
    this.#central.forEach((c, i) => {
      const { fields, length } = extras[i]!;
      const [bigSize, bigCompressed, bigOffset] = fields as [boolean, boolean, boolean];
      setU32(out, p, SIG_CENTRAL);
      setU16(out, p + 4, MADE_BY_UNIX | (length ? 45 : 20));
      setU16(out, p + 6, length ? 45 : 20);
      setU16(out, p + 8, c.flags);
      setU16(out, p + 10, c.method);
      setU16(out, p + 12, DOS_TIME);
      setU16(out, p + 14, DOS_DATE);
      setU32(out, p + 16, c.crc32);
      setU32(out, p + 20, bigCompressed ? U32_MAX : c.compressedSize);
      setU32(out, p + 24, bigSize ? U32_MAX : c.size);
      setU16(out, p + 28, c.nameBytes.length);
      setU16(out, p + 30, length);
      setU32(out, p + 38, EXTERNAL_ATTR);
      setU32(out, p + 42, bigOffset ? U32_MAX : c.offset);
      out.set(c.nameBytes, p + CENTRAL_HEADER_LENGTH);
      let x = p + CENTRAL_HEADER_LENGTH + c.nameBytes.length;
      if (length) {
        setU16(out, x, ZIP64_EXTRA_ID);
        setU16(out, x + 2, length - 4);
        x += 4;
        for (const [big, v] of [
          [bigSize, c.size],
          [bigCompressed, c.compressedSize],
          [bigOffset, c.offset],
        ] as const) {
          if (big) {
            setU64(out, x, v);
            x += 8;
          }
        }
      }
      p = x;
    });
    const count = this.#central.length;
    if (zip64) {
      const z = p;
      setU32(out, p, SIG_ZIP64_END);
      setU64(out, p + 4, ZIP64_END_LENGTH - 12);
      setU16(out, p + 12, MADE_BY_UNIX | 45);
      setU16(out, p + 14, 45);
      setU64(out, p + 24, count);
      setU64(out, p + 32, count);
      setU64(out, p + 40, cdSize);
      setU64(out, p + 48, cdOffset);
      p += ZIP64_END_LENGTH;
      setU32(out, p, SIG_ZIP64_LOCATOR);
      setU64(out, p + 8, cdOffset + z);
      setU32(out, p + 16, 1);
      p += ZIP64_LOCATOR_LENGTH;
    }
    setU32(out, p, SIG_END);
    setU16(out, p + 8, zip64 ? U16_MAX : count);
    setU16(out, p + 10, zip64 ? U16_MAX : count);
    setU32(out, p + 12, zip64 ? U32_MAX : cdSize);
    setU32(out, p + 16, zip64 ? U32_MAX : cdOffset);
    this.offset += out.length;
    return out;
  }
}
