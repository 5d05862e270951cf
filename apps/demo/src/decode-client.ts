import type { ErrorAction, Opened, OpenSource, Reply, Request } from "./protocol.js";

/** Thrown by {@link DecodeClient.open} when the load was cancelled. */
export class CancelledError extends Error {
  override readonly name = "CancelledError";
}

/**
 * An open that failed, as the worker reported it: npyio's error code when it was an NpyError, and
 * what a visitor can do about it, if anything.
 */
export class OpenError extends Error {
  override readonly name = "OpenError";
  constructor(
    readonly code: string | undefined,
    message: string,
    readonly action?: ErrorAction,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(result: Opened): void;
  reject(err: Error): void;
  onProgress(loaded: number, total: number | undefined): void;
}

/** The page's side of the decoding worker: one request per open, each cancellable. */
export class DecodeClient {
  readonly #worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor() {
    this.#worker.onmessage = (event: MessageEvent<Reply>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      for (const p of this.#pending.values())
        p.reject(new OpenError(undefined, `worker failed: ${event.message}`));
      this.#pending.clear();
    };
  }

  open(source: OpenSource, onProgress: Pending["onProgress"]): { id: number; done: Promise<Opened> } {
    const id = this.#next++;
    const done = new Promise<Opened>((resolve, reject) =>
      this.#pending.set(id, { resolve, reject, onProgress }),
    );
    this.#send({ type: "open", id, source });
    return { id, done };
  }

  cancel(id: number): void {
    this.#send({ type: "cancel", id });
  }

  #send(req: Request): void {
    this.#worker.postMessage(req);
  }

  #receive(reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    if (reply.type === "progress") {
      pending.onProgress(reply.loaded, reply.total);
      return;
    }
    this.#pending.delete(reply.id);
    if (reply.type === "opened") pending.resolve(reply.result);
    else if (reply.type === "cancelled") pending.reject(new CancelledError("cancelled"));
    else pending.reject(new OpenError(reply.code, reply.message, reply.action));
  }
}
