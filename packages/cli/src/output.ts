/** Where a command writes its results: stdout, one line or raw bytes at a time. */
export interface Output {
  line(text: string): void;
  bytes(data: Uint8Array): Promise<void>;
}

/** An {@link Output} on a Node stream, waiting for it to drain so large outputs keep memory flat. */
export function streamOutput(stream: NodeJS.WritableStream = process.stdout): Output {
  return {
    line(text) {
      stream.write(`${text}\n`);
    },
    bytes(data) {
      return new Promise((resolve, reject) => {
        stream.write(data, (err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
