import { isNpyError, NpyError, type NpyErrorCode } from "@npyio/header";

// The abort plumbing every long operation of npyio shares (the options themselves are in
// stream-options.ts). @npyio/npz and npyio import it from here: one ABORTED, raised one way.

/**
 * The `ABORTED` error for an aborted signal, keeping the abort reason as `cause` (an `NpyError`
 * given as the reason is returned as it is).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * controller.abort();
 * abortError(controller.signal).code; // "ABORTED"
 * ```
 */
export function abortError(signal: AbortSignal | undefined): NpyError {
  const reason: unknown = signal?.reason;
  if (isNpyError(reason)) return reason;
  const why = reason instanceof Error && reason.name !== "AbortError" ? `: ${reason.message}` : "";
  return new NpyError("ABORTED", `the operation was aborted${why}`, { cause: reason });
}

/**
 * Throws `ABORTED` if `signal` is already aborted: what a loop calls between two pieces of work.
 *
 * @example
 * ```ts
 * for (const piece of pieces) {
 *   throwIfAborted(signal);
 *   await write(piece);
 * }
 * ```
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * Calls `fn` once when `signal` aborts (at once if it already has); returns an unsubscribe function.
 *
 * @example
 * ```ts
 * const stop = onAbort(signal, () => void reader.cancel(abortError(signal)));
 * try { await readAll(reader); } finally { stop(); }
 * ```
 */
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
 *
 * @example
 * ```ts
 * try { await handle.write(bytes); } catch (err) { throw toNpyError(err, "IO_ERROR", `writing ${path}`, signal); }
 * ```
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

/**
 * `promise`, or `ABORTED` as soon as `signal` aborts, whichever comes first: what keeps a stalled
 * upstream, an unread output or a long native call from delaying an abort. The work behind
 * `promise` is not stopped by this; the caller cancels it (and its rejection is handled here).
 *
 * @example
 * ```ts
 * const { done, value } = await abortable(reader.read(), signal); // a stalled stream cannot hang an abort
 * ```
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortError(signal));
  }
  let stop = () => {};
  const aborted = new Promise<never>((_, reject) => {
    stop = onAbort(signal, () => reject(abortError(signal)));
  });
  return Promise.race([promise, aborted]).finally(stop);
}
