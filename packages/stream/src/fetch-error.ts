import { NpyError } from "@npyio/header";
import { toNpyError } from "./abort.js";

/**
 * The page's origin when `href` is a cross-origin URL seen from a page (or worker); undefined in
 * Node, Bun and Deno (no `location`), and for same-origin URLs. Cross-origin requests are subject to
 * CORS: the server decides which request headers it accepts and which response headers it shows.
 */
export function crossOriginPage(href: string): string | undefined {
  const here = (globalThis as { location?: { href?: string; origin?: string } }).location;
  if (!here?.href || !here.origin || here.origin === "null") return undefined;
  try {
    return new URL(href, here.href).origin === here.origin ? undefined : here.origin;
  } catch {
    return undefined;
  }
}

/**
 * Anything a `fetch` call threw, as an NpyError: an abort is `ABORTED`; anything else `HTTP_ERROR`
 * naming the URL and the underlying cause (Node's "fetch failed" hides it in `cause`: a refused
 * connection, a redirect loop). A browser reports a blocked cross-origin request and a network
 * failure alike, as a bare `TypeError: Failed to fetch`; the message says so and names the header
 * the server must send.
 */
export function fetchFailed(
  err: unknown,
  method: string,
  href: string,
  signal: AbortSignal | undefined,
): NpyError {
  const what = `${method} ${href}`;
  const cause = (err as { cause?: { message?: unknown; code?: unknown } } | undefined)?.cause;
  const detail =
    typeof cause?.message === "string" && cause.message
      ? ` (${cause.message})`
      : typeof cause?.code === "string"
        ? ` (${cause.code})`
        : "";
  const origin = crossOriginPage(href);
  const hint = origin
    ? `; a network error, or the server does not allow cross-origin requests from ${origin} (CORS: it must answer with Access-Control-Allow-Origin)`
    : "";
  const out = toNpyError(err, "HTTP_ERROR", what, signal);
  if (out === err || out.code !== "HTTP_ERROR" || !(err instanceof Error)) return out;
  return new NpyError("HTTP_ERROR", `${what} failed: ${err.message}${detail}${hint}`, { cause: err });
}
