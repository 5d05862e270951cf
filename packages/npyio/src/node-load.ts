import type { NpyArray } from "@npyio/dtype";
import { nodeCodec } from "@npyio/npz/node";
import { readNpy } from "@npyio/stream";
import { fileSource, isLocalPath } from "@npyio/stream/node";
import { kindOf, type LoadOptions, loadWith } from "./load.js";
import { type LoadNpzOptions, type LoadSource, loadNpzWith, readArchive } from "./load-npz.js";

/**
 * {@link loadWith | load} as Node gets it from `npyio` (the `node` export condition): a file path or
 * `file:` URL is read through a file ByteSource (an archive through its central directory), and
 * archives inflate with node:zlib.
 *
 * @example
 * ```ts
 * const a = await load("data/x.npy");
 * const b = await load(new URL("./x.npz", import.meta.url));
 * ```
 */
export async function load(
  source: LoadSource,
  options: LoadOptions = {},
): Promise<NpyArray | Map<string, NpyArray>> {
  if (!isLocalPath(source)) return loadWith(source, options, nodeCodec);
  const file = await fileSource(source);
  try {
    const kind = kindOf(await file.read(0, 6, { signal: options.signal }), String(source));
    return await (kind === "npz" ? readArchive(file, options, nodeCodec) : readNpy(file, options));
  } finally {
    await file.close();
  }
}

/**
 * {@link loadNpzWith | loadNpz} as Node gets it from `npyio`: a file path or `file:` URL is read
 * through a file ByteSource, and members inflate with node:zlib.
 *
 * @example
 * ```ts
 * const arrays = await loadNpz("data/weights.npz");
 * ```
 */
export async function loadNpz(
  source: LoadSource,
  options: LoadNpzOptions = {},
): Promise<Map<string, NpyArray>> {
  if (!isLocalPath(source)) return loadNpzWith(source, options, nodeCodec);
  const file = await fileSource(source);
  try {
    return await readArchive(file, options, nodeCodec);
  } finally {
    await file.close();
  }
}
