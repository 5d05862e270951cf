import { isNpyError, NpyError, type NpyErrorCode } from "@npyio/header";

/** How far a long operation has got: bytes consumed so far and, when known, the total to expect. */
export interface ProgressInfo {
  loaded: number;
  total: number | undefined;
}

/**
 * The contract every long operation of `@npyio/stream` shares. Aborting `signal` cancels the source,
 * releases buffers and rejects with an `NpyError` of code `ABORTED`.
 */
export interface StreamOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ProgressInfo) => void) | undefined;
}

/** Limits against hostile input; exceeding one fails with `LIMIT_EXCEEDED` or `HEADER_TOO_LARGE`. */
export interface LimitOptions {
  /** Largest array data (in bytes) to accept. Default: no limit beyond what the input really holds. */
  maxBytes?: number | undefined;
  /** Largest header (in bytes) to accept; passed to `parseHeader`. */
  maxHeaderSize?: number | undefined;
}

/** The `ABORTED` error for an aborted signal, keeping the abort reason as `cause`. */
export function abortError(signal: AbortSignal | undefined): NpyError {
  const reason: unknown = signal?.reason;
  if (isNpyError(reason)) return reason;
  const why = reason instanceof Error && reason.name !== "AbortError" ? `: ${reason.message}` : "";
  return new NpyError("ABORTED", `the operation was aborted${why}`, { cause: reason });
}

/** Throws `ABORTED` if `signal` is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Calls `fn` once when `signal` aborts (at once if it already has); returns an unsubscribe function. */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    fn();
    return () => {};
  }
  signal.addEventListener("abort", fn, { once: true });
  return () => signal.removeEventListener("abort", fn);
}

/**
 * Turns anything thrown by a platform API into an `NpyError`: an existing `NpyError` passes through,
 * an abort (by `signal` or an `AbortError`) becomes `ABORTED`, anything else becomes `code` with
 * `what` in the message and the original as `cause`.
 */
export function toNpyError(
  err: unknown,
  code: NpyErrorCode,
  what: string,
  signal?: AbortSignal | undefined,
): NpyError {
  if (isNpyError(err)) return err;
  if (signal?.aborted) return abortError(signal);
  if (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError")) {
    return new NpyError("ABORTED", `${what} was aborted: ${err.message}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new NpyError(code, `${what} failed: ${message}`, { cause: err });
}

/** A safe integer of at least `min` (default 0), or `INVALID_ARGUMENT` naming the argument. */
export function checkIndex(value: number, name: string, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new NpyError("INVALID_ARGUMENT", `${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}
