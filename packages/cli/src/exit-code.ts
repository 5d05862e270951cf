/**
 * The exit codes of the `npyio` command, as a Unix tool's: 0 done, 1 the data is bad (corrupt,
 * truncated, `verify` found a problem), 2 the command line is wrong (an option, a path that is no
 * file, a cast that needs `--unsafe`).
 */
import { isNpyError, type NpyErrorCode } from "npyio";

/** Exit codes of the `npyio` command. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

// what the person typing can fix: the arguments, or a path that names no readable file
const USAGE_CODES: ReadonlySet<NpyErrorCode> = new Set<NpyErrorCode>([
  "INVALID_ARGUMENT",
  "MEMBER_NOT_FOUND",
  "LOSSY_CAST",
  "RANGE_NOT_SUPPORTED",
  "NOT_SEEKABLE",
]);
const PATH_ERRNOS = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "ENAMETOOLONG", "ELOOP"]);

/** The errno (`ENOENT`…) of a Node system error, or of the error it wraps. */
export function errnoOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code) && !isNpyError(e)) return code;
  }
  return undefined;
}

/** The exit code for an error the command stopped on. */
export function exitCodeOf(err: unknown): number {
  if (!isNpyError(err)) return EXIT.failed;
  if (err.code === "ABORTED") return EXIT.interrupted;
  if (USAGE_CODES.has(err.code)) return EXIT.usage;
  if (err.code === "IO_ERROR" || err.code === "HTTP_ERROR") {
    const errno = errnoOf(err);
    if (errno !== undefined && PATH_ERRNOS.has(errno)) return EXIT.usage;
    // a URL that names nothing (404, 410) is a wrong argument, like a missing path
    if (/\bHTTP (404|410)\b/.test(err.message)) return EXIT.usage;
  }
  return EXIT.failed;
}
