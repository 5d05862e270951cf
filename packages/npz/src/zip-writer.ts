import { concat } from "./zip-codec.js";
import { fail, member } from "./zip-error.js";
import {
  CENTRAL,
  DESCRIPTOR,
  END,
  FLAG_DESCRIPTOR,
  FLAG_UTF8,
  LOCAL,
  LOCATOR,
  lengthOf,
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

/** CRC-32 and sizes of a member, when its whole data is at hand before it is written. */
export interface Known {
  crc32: number;
  compressedSize: number;
  size: number;
}

interface Central extends Known {
  name: Uint8Array;
  flags: number;
  method: number;
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
  pack(values.length ? [2, 2, ...values.map(() => 8)] : [], [1, 8 * values.length, ...values]);

/**
 * INVALID_ARGUMENT for a member name with a NUL: Python's zipfile (so `np.load`) cuts a name at its
 * first NUL, a trick of archive viruses, so the archive would not hold the name asked for.
 */
export function checkName(name: string): void {
  if (name.includes("\0"))
    fail(
      `member name ${JSON.stringify(name)} contains a NUL, where zip readers cut names`,
      undefined,
      "INVALID_ARGUMENT",
    );
}

/**
 * The zip writing state machine, independent of where the bytes go: each call returns the records
 * to emit and counts offsets. `saveNpz` (sync) and `NpzWriter` (streaming) both drive it.
 * Zip64 records appear when a size or offset reaches 4 GiB, when there are 65535 members or more,
 * or always with `forceZip64`.
 */
export interface ZipWriter {
  /** Reserves a member name: DUPLICATE_NAME if the archive has it already. */
  claim(name: string): void;
  /** The local header of a new member (whose name was claimed); a data descriptor follows unless `known`. */
  begin(name: string, method: number, known?: Known): Uint8Array;
  /** Ends the member after its data; returns its data descriptor when the sizes were not known up front. */
  end(crc32: number, compressedSize: number, size: number): Uint8Array | undefined;
  /** The central directory and end records. */
  finish(): Uint8Array;
}

/** A new {@link ZipWriter}. */
export function zipWriter(forceZip64 = false): ZipWriter {
  const central: Central[] = [];
  const names = new Set<string>();
  let offset = 0;
  let open: Central;
  // what the local and central headers share, from "version needed" to the extra field's length
  const shared = (c: Central, extra: Uint8Array, compressedSize: number, size: number) => [
    extra.length ? 45 : 20,
    c.flags,
    c.method,
    0,
    DOS_DATE,
    c.crc32,
    compressedSize,
    size,
    c.name.length,
    extra.length,
  ];
  // a value that needs zip64 (or every value, with forceZip64)
  const big = (v: number) => forceZip64 || v >= U32_MAX;
  const emit = (b: Uint8Array) => {
    offset += b.length;
    return b;
  };
  return {
    claim(name) {
      checkName(name);
      if (names.has(name)) fail(`the archive already has a ${member(name)}`, undefined, "DUPLICATE_NAME");
      names.add(name);
    },
    begin(text, method, known) {
      const name = encoder.encode(text);
      if (name.length > U16_MAX)
        fail(`member name "${text.slice(0, 40)}..." is too long`, undefined, "INVALID_ARGUMENT");
      const flags = (name.length === text.length ? 0 : FLAG_UTF8) | (known ? 0 : FLAG_DESCRIPTOR);
      open = { name, flags, method, crc32: 0, compressedSize: 0, size: 0, ...known, offset };
      central.push(open);
      // Unknown sizes may pass 4 GiB: announce zip64 locally (8-byte descriptor sizes), as Python does.
      const zip64 = !known || big(open.size) || big(open.compressedSize);
      const extra = zip64Extra(zip64 ? [open.size, open.compressedSize] : []);
      const placeholder = zip64 ? U32_MAX : 0;
      return emit(
        pack(
          LOCAL,
          [SIG_LOCAL, ...shared(open, extra, placeholder || open.compressedSize, placeholder || open.size)],
          name,
          extra,
        ),
      );
    },
    end(crc32, compressedSize, size) {
      offset += compressedSize;
      if (!(open.flags & FLAG_DESCRIPTOR)) return undefined;
      Object.assign(open, { crc32, compressedSize, size });
      return emit(pack(DESCRIPTOR, [SIG_DESCRIPTOR, crc32, compressedSize, size]));
    },
    finish() {
      const cdOffset = offset;
      const parts = central.map((c) => {
        const values = [c.size, c.compressedSize, c.offset];
        const extra = zip64Extra(values.filter(big));
        const [s, cs, o] = values.map((v) => (big(v) ? U32_MAX : v));
        return pack(
          CENTRAL,
          [SIG_CENTRAL, MADE_BY, ...shared(c, extra, cs!, s!), 0, 0, 0, EXTERNAL_ATTR, o],
          c.name,
          extra,
        );
      });
      const cdSize = lengthOf(parts);
      const n = parts.length;
      const zip64 = forceZip64 || n >= U16_MAX || cdOffset >= U32_MAX || cdSize >= U32_MAX;
      if (zip64) {
        parts.push(
          // 44: the zip64 end record's size, less its signature and this field
          pack(ZIP64_END, [SIG_ZIP64_END, 44, MADE_BY, 45, 0, 0, n, n, cdSize, cdOffset]),
          pack(LOCATOR, [SIG_ZIP64_LOCATOR, 0, cdOffset + cdSize, 1]),
        );
      }
      const [count, size, at] = zip64 ? [U16_MAX, U32_MAX, U32_MAX] : [n, cdSize, cdOffset];
      parts.push(pack(END, [SIG_END, 0, 0, count, count, size, at]));
      return emit(concat(parts));
    },
  };
}
