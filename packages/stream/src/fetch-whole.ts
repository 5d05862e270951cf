import { NpyError } from "@npyio/header";
import { throwIfAborted } from "./abort.js";
import { fetchFailed } from "./fetch-error.js";

/** Options of {@link fetchWhole}: the `fetch` to call, its `init`, and the signal that aborts it. */
export interface FetchWholeOptions {
  /** Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  init?: RequestInit | undefined;
  /** Aborts the request; default `init.signal`. */
  signal?: AbortSignal | undefined;
}

/**
 * A URL's whole file with ONE plain `GET`, no `Range` header: any server will do (and in a browser,
 * any server that lets the page read it at all). Redirects are followed as `fetch` follows them. A
 * status other than 2xx is `HTTP_ERROR` naming the URL and the status (the body is cancelled); what
 * `fetch` throws becomes `HTTP_ERROR` with its cause and, across origins, the CORS header the server
 * must send (see `fetchFailed`), or `ABORTED`. The one whole-file request of the package:
 * `readNpy(url)` streams its body, and `httpSource`'s `fetchAll` adds its checks of the validator.
 */
export async function fetchWhole(url: string | URL, options: FetchWholeOptions = {}): Promise<Response> {
  const href = String(url);
  const f = options.fetch ?? globalThis.fetch;
  if (typeof f !== "function")
    throw new NpyError("INVALID_ARGUMENT", "no fetch available: pass options.fetch");
  const signal = options.signal ?? options.init?.signal ?? undefined;
  throwIfAborted(signal);
  let res: Response;
  try {
    res = await f(href, { ...options.init, method: "GET", signal: signal ?? null });
  } catch (err) {
    throw fetchFailed(err, "GET", href, signal);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new NpyError(
      "HTTP_ERROR",
      `GET ${href}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}, expected 200`,
    );
  }
  return res;
}
