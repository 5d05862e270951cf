import { NpyError } from "@npyio/header";

/** Throws ABORTED (with the signal's reason as cause) once `signal` has fired. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new NpyError("ABORTED", "aborted by its AbortSignal", { cause: signal.reason });
  }
}
