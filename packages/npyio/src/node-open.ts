import { fileSource, isLocalPath } from "@npyio/stream/node";
import { type NpyReader, openNpy } from "@npyio/stream/slice";
import { type OpenOptions, type OpenSource, open as openPortable } from "./open.js";

/**
 * {@link openPortable | open} as Node gets it from `npyio` (the `node` export condition): a file path
 * or `file:` URL is opened as a file `ByteSource`, read with positioned reads, and closed by the
 * reader's `close()`.
 *
 * @example
 * ```ts
 * await using a = await open("data/big.npy");
 * const column = await a.slice(null, 7); // a[:, 7], reading only those bytes of the file
 * ```
 */
export async function open(source: OpenSource, options: OpenOptions = {}): Promise<NpyReader> {
  if (!isLocalPath(source)) return openPortable(source, options);
  const file = await fileSource(source);
  try {
    return await openNpy(file, options);
  } catch (err) {
    await file.close();
    throw err;
  }
}
