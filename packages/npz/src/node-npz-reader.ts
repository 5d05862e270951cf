import { fileSource, isLocalPath } from "@npyio/stream/node";
import type { NpzInput } from "./byte-source.js";
import { nodeCodec } from "./node-codec.js";
import { type NpzReaderOptions, NpzReader as PortableNpzReader } from "./npz-reader.js";

/**
 * {@link PortableNpzReader | NpzReader} as Node gets it from `@npyio/npz` and `npyio` (the `node`
 * export condition): `open` also takes a file path or `file:` URL, read through a file ByteSource
 * (random access: a member is read without the rest of the file; `close()` closes the file), and
 * inflates with node:zlib unless another `codec` is given.
 *
 * @example
 * ```ts
 * await using npz = await NpzReader.open("weights.npz");
 * const w = await npz.get("w");
 * ```
 */
export class NpzReader extends PortableNpzReader {
  static override async open(source: NpzInput, options: NpzReaderOptions = {}): Promise<NpzReader> {
    const withCodec = { codec: nodeCodec, ...options };
    // super.open builds `new this(...)`: the reader is an instance of this class, not only the base
    // biome-ignore lint/complexity/noThisInStatic: see above
    if (!isLocalPath(source)) return super.open(source, withCodec);
    const file = await fileSource(source);
    try {
      // biome-ignore lint/complexity/noThisInStatic: as above
      return await super.open(file, withCodec);
    } catch (err) {
      await file.close().catch(() => {});
      throw err;
    }
  }
}
