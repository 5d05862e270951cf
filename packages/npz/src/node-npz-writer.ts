import { nodeCodec } from "./node-codec.js";
import { type NpzWriterOptions, NpzWriter as PortableNpzWriter } from "./npz-writer.js";

/**
 * {@link PortableNpzWriter | NpzWriter} as Node gets it from `@npyio/npz` and `npyio` (the `node`
 * export condition): members are deflated by node:zlib unless another `codec` is given.
 *
 * @example
 * ```ts
 * const npz = new NpzWriter({ level: 6 });
 * ```
 */
export class NpzWriter extends PortableNpzWriter {
  constructor(options: NpzWriterOptions = {}) {
    super({ codec: nodeCodec, ...options });
  }
}
