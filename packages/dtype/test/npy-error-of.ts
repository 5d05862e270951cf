import { isNpyError, type NpyErrorCode } from "@npyio/header";

/** The NpyError `fn` throws (its code and message); fails the test if it throws nothing or something else. */
export function npyErrorOf(fn: () => unknown): { code: NpyErrorCode; message: string } {
  try {
    fn();
  } catch (err) {
    if (isNpyError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected an NpyError, nothing was thrown");
}
