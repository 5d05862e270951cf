/** Where a command writes its results: stdout, one line or raw bytes at a time. */
export interface Output {
  line(text: string): void;
  bytes(data: Uint8Array): Promise<void>;
  /** A remark beside the results (a member skipped), for the person rather than the pipe: stderr. */
  note?(text: string): void;
}

const watched = new WeakSet<NodeJS.WritableStream>();

/**
 * An {@link Output} on a Node stream, waiting for it to drain so large outputs keep memory flat.
 * When the reader goes away (`npyio head big.npy | head -1`), the command ends quietly with exit 0,
 * as a filter whose reader has all it wanted: no EPIPE stack trace.
 */
export function streamOutput(
  stream: NodeJS.WritableStream = process.stdout,
  onClosed: () => void = () => process.exit(0),
): Output {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") onClosed();
      else throw err;
    });
  }
  return {
    line(text) {
      stream.write(`${text}\n`);
    },
    bytes(data) {
      return new Promise((resolve, reject) => {
        stream.write(data, (err) => {
          if ((err as NodeJS.ErrnoException | null | undefined)?.code === "EPIPE") onClosed();
          else if (err) reject(err);
          else resolve();
        });
      });
    },
  };
}
