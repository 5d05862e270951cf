import { Deflate, Inflate, inflateSync } from "fflate";
import type { ZipCodec } from "./zip-codec.js";
import { badDeflate, concat, inflatedShort, inflatesPast } from "./zip-codec.js";

// Each push to fflate's streaming inflater may expand up to ~1032x; feeding small slices bounds
// what one push can allocate before the size check runs.
const INFLATE_SLICE = 4096;

/** The pure-JavaScript engine: fflate. Runs everywhere, synchronously under the hood. */
export const fflateCodec: ZipCodec = {
  name: "fflate",
  async inflate(data, size) {
    return inflateRawSync(data, size);
  },
  inflateStream(maxSize) {
    let n = 0;
    let controller!: TransformStreamDefaultController<Uint8Array>;
    const inflater = new Inflate((chunk) => {
      n += chunk.length;
      if (n > maxSize) throw inflatesPast(maxSize);
      if (chunk.length) controller.enqueue(chunk);
    });
    return new TransformStream({
      start(c) {
        controller = c;
      },
      transform(chunk) {
        try {
          for (let i = 0; i < chunk.length; i += INFLATE_SLICE)
            inflater.push(chunk.subarray(i, i + INFLATE_SLICE));
        } catch (err) {
          throw badDeflate(err);
        }
      },
      flush() {
        try {
          inflater.push(new Uint8Array(0), true);
        } catch (err) {
          throw badDeflate(err);
        }
      },
    });
  },
  async deflate(parts, level) {
    return deflatePartsSync(parts, level);
  },
  deflateStream(level) {
    let controller!: TransformStreamDefaultController<Uint8Array>;
    const deflater = new Deflate({ level: level as 6 }, (chunk) => {
      if (chunk.length) controller.enqueue(chunk);
    });
    return new TransformStream({
      start(c) {
        controller = c;
      },
      transform(chunk) {
        deflater.push(chunk);
      },
      flush() {
        deflater.push(new Uint8Array(0), true);
      },
    });
  },
};

/**
 * Synchronous raw inflate into a buffer of the declared size (plus one byte, to see a lie): fflate
 * does not grow a buffer it is given, so a bomb costs CPU bounded by its input, not memory.
 */
export function inflateRawSync(data: Uint8Array, size: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflateSync(data, { out: new Uint8Array(size + 1) });
  } catch (err) {
    // a stored block that does not fit the given buffer surfaces as a RangeError from set()
    if (err instanceof RangeError) throw inflatesPast(size);
    throw badDeflate(err);
  }
  if (out.length > size) throw inflatesPast(size);
  if (out.length < size) throw inflatedShort(out.length, size);
  return out;
}

/** Synchronous raw deflate of data given in pieces, without joining the input. */
export function deflatePartsSync(parts: Uint8Array[], level: number): Uint8Array {
  const out: Uint8Array[] = [];
  let n = 0;
  const deflater = new Deflate({ level: level as 6 }, (chunk) => {
    out.push(chunk);
    n += chunk.length;
  });
  parts.forEach((p, i) => {
    deflater.push(p, i === parts.length - 1);
  });
  if (!parts.length) deflater.push(new Uint8Array(0), true);
  return concat(out, n);
}
