import { zipError } from "./zip-error.js";

/** Throws ABORTED (with the signal's reason as cause) once `signal` has fired. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw zipError("aborted by its AbortSignal", undefined, "ABORTED", signal.reason);
}
