import { type DType, parseDescr } from "@npyio/dtype";
import { OBJECT_DTYPE } from "@npyio/dtype/pickle";
import { headerByteLength, isNpyError, NpyError, parseHeader } from "@npyio/header";
import type { NpyStreamHeader } from "./npy-chunk.js";

/** Bytes needed to know a header's full length: the magic, the version and the length field. */
const PREAMBLE = 12;

/** A parsed header and the bytes of the chunk that follow it. */
export interface CollectedHeader {
  header: NpyStreamHeader;
  rest: Uint8Array;
}

/**
 * Parses a complete header (`bytes` holds exactly its bytes) and its dtype. With `allowPickle`, an
 * object dtype (OBJECT_DTYPE) gives `|O`: the data that follows is a pickle for the caller to read.
 */
export function parseStreamHeader(
  bytes: Uint8Array,
  maxHeaderSize: number | undefined,
  allowPickle = false,
): NpyStreamHeader {
  const parsed = parseHeader(bytes, maxHeaderSize === undefined ? {} : { maxHeaderSize });
  let dtype: DType;
  try {
    dtype = parseDescr(parsed.descr);
  } catch (err) {
    if (!allowPickle || !isNpyError(err, "OBJECT_DTYPE")) throw err;
    dtype = OBJECT_DTYPE;
  }
  return { ...parsed, dtype };
}

/**
 * Collects a .npy header from chunks of any size, copying only the header's own bytes: when a chunk
 * holds the whole header it is parsed in place.
 */
export class HeaderCollector {
  #pending = new Uint8Array(0);
  #filled = 0;
  #length: number | undefined;
  readonly #maxHeaderSize: number | undefined;
  readonly #allowPickle: boolean;

  constructor(maxHeaderSize?: number, allowPickle = false) {
    this.#maxHeaderSize = maxHeaderSize;
    this.#allowPickle = allowPickle;
  }

  /** Takes bytes from `chunk`; returns the header once complete, with the bytes after it. */
  push(chunk: Uint8Array): CollectedHeader | undefined {
    if (this.#filled === 0) {
      const n = this.#byteLength(chunk);
      if (n !== undefined && chunk.length >= n) {
        this.#filled = n;
        return {
          header: parseStreamHeader(chunk.subarray(0, n), this.#maxHeaderSize, this.#allowPickle),
          rest: chunk.subarray(n),
        };
      }
    }
    let i = 0;
    while (i < chunk.length) {
      const want = this.#length ?? PREAMBLE;
      if (this.#pending.length < want) {
        const grown = new Uint8Array(want);
        grown.set(this.#pending.subarray(0, this.#filled));
        this.#pending = grown;
      }
      const take = Math.min(want - this.#filled, chunk.length - i);
      this.#pending.set(chunk.subarray(i, i + take), this.#filled);
      this.#filled += take;
      i += take;
      if (this.#length === undefined) {
        // checked on every byte of the preamble, so a wrong magic fails before 12 bytes arrive
        this.#length = this.#byteLength(this.#pending.subarray(0, this.#filled));
        if (this.#length !== undefined && this.#length > this.#filled) continue;
      }
      const end = this.#length ?? want;
      if (this.#filled < end) break;
      // a 1.0 header can be shorter than the 12-byte preamble (length field 0 or 1): the bytes read
      // past its end, all from this chunk, go back to the caller
      const header = parseStreamHeader(
        this.#pending.subarray(0, end),
        this.#maxHeaderSize,
        this.#allowPickle,
      );
      return { header, rest: chunk.subarray(i - (this.#filled - end)) };
    }
    return undefined;
  }

  /** The TRUNCATED error for input that ended inside the header. */
  truncated(): NpyError {
    const want = this.#length === undefined ? "a .npy header" : `a ${this.#length}-byte header`;
    return new NpyError("TRUNCATED", `the input ends after ${this.#filled} bytes, inside ${want}`, {
      offset: this.#filled,
    });
  }

  #byteLength(prefix: Uint8Array): number | undefined {
    return headerByteLength(
      prefix,
      this.#maxHeaderSize === undefined ? {} : { maxHeaderSize: this.#maxHeaderSize },
    );
  }
}
