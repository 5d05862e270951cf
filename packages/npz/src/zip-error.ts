import type { NpyErrorCode } from "@npyio/header";
import { NpyError } from "@npyio/header";

/** An NpyError at byte `offset` (when known), caused by `cause` (when given); BAD_ZIP unless `code` says otherwise. */
export const zipError = (
  message: string,
  offset?: number,
  code: NpyErrorCode = "BAD_ZIP",
  cause?: unknown,
): NpyError => new NpyError(code, message, cause === undefined ? { offset } : { offset, cause });

/** Throws {@link zipError}. */
export function fail(message: string, offset?: number, code?: NpyErrorCode): never {
  throw zipError(message, offset, code);
}

/** `member "name"`, as every message about one member starts. */
export const member = (name: string): string => `member "${name}"`;
