import { NpyError } from "@npyio/header";

/**
 * How far a long operation has got: bytes consumed so far and, when known, the total to expect.
 *
 * @example
 * ```ts
 * await readNpy(url, { onProgress: ({ loaded, total }) => bar.update(total ? loaded / total : 0) });
 * ```
 */
export interface ProgressInfo {
  /** Bytes consumed so far. */
  loaded: number;
  /** Bytes expected in all, when known. */
  total: number | undefined;
}

/**
 * The contract every long operation of `@npyio/stream` shares. Aborting `signal` cancels the source,
 * releases buffers and rejects with an `NpyError` of code `ABORTED`.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * cancelButton.onclick = () => controller.abort();
 * await readNpy(url, { signal: controller.signal, onProgress: (p) => console.log(p.loaded) });
 * ```
 */
export interface StreamOptions {
  /** Cancels the operation: it rejects with `ABORTED`. */
  signal?: AbortSignal | undefined;
  /** Called as bytes are consumed, with the count so far and the total when known. */
  onProgress?: ((progress: ProgressInfo) => void) | undefined;
}

/**
 * Limits against hostile input; exceeding one fails with `LIMIT_EXCEEDED` or `HEADER_TOO_LARGE`.
 *
 * @example
 * ```ts
 * await readNpy(untrustedUpload, { maxBytes: 100 << 20, maxHeaderSize: 4096 }); // LIMIT_EXCEEDED past them
 * ```
 */
export interface LimitOptions {
  /** Largest array data (in bytes) to accept. Default: no limit beyond what the input really holds. */
  maxBytes?: number | undefined;
  /** Largest header (in bytes) to accept; passed to `parseHeader`. */
  maxHeaderSize?: number | undefined;
}

/** A safe integer of at least `min` (default 0), or `INVALID_ARGUMENT` naming the argument. */
export function checkIndex(value: number, name: string, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new NpyError("INVALID_ARGUMENT", `${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}
