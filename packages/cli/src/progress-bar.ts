/**
 * A progress bar on stderr for long reads, drawn by cli-progress; only when stderr is a terminal
 * and the input is big enough for the wait to be noticed.
 */

import cliProgress from "cli-progress";
import type { ByteSource } from "npyio";

/** Inputs smaller than this finish before a bar would help. */
export const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;

/** Counts what is read from `source` on a bar, when stderr is a TTY and the source is large. */
export function withProgress(
  source: ByteSource,
  stream: NodeJS.WriteStream = process.stderr,
): { source: ByteSource; stop(): void } {
  const total = source.size;
  if (!stream.isTTY || total === undefined || total < PROGRESS_MIN_BYTES) return { source, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{bar} {percentage}% | {value}/{total} bytes",
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let loaded = 0;
  return {
    source: {
      size: total,
      async read(offset, length, options) {
        const bytes = await source.read(offset, length, options);
        loaded = Math.min(total, loaded + bytes.length);
        bar.update(loaded);
        return bytes;
      },
    },
    stop() {
      bar.stop();
    },
  };
}
