/**
 * The progress line on stderr: drawn only when stderr is a terminal and the work has lasted half a
 * second, in human units (MB, MB/s, ETA), and erased completely before anything else is written.
 */
import type { ByteSource } from "npyio";

/** How long work runs before the bar appears: a shorter wait is not worth a line flashing by. */
export const PROGRESS_DELAY_MS = 500;
const REDRAW_MS = 100;
// `\r` to the line's start, then ESC [ K (erase to the end of the line)
const ERASE = "\r\x1b[K";

/** What the bar needs of its terminal: Node's `process.stderr` or a `tty.WriteStream`. */
export interface ProgressTerminal {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** `false` never draws (`--quiet`). */
  enabled?: boolean;
  /**
   * Draw from the first moment rather than after {@link PROGRESS_DELAY_MS}, still only on a
   * terminal: the tests' way to see the bar on small or fast inputs (`NPYIO_PROGRESS=always`).
   */
  immediate?: boolean;
  now?: () => number;
}

/** 1234567 → `1.2 MB` (decimal units, as `ls -h --si` and download managers count). */
export function humanBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  let x = n;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return i === 0 ? `${n} B` : `${x < 10 ? x.toFixed(1) : Math.round(x)} ${units[i]}`;
}

/** 75 → `1:15`; 3725 → `1:02:05`. */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/**
 * One progress line for the bytes a command reads. It never costs a line of output: whoever
 * writes to the terminal calls {@link ProgressBar.clear} first (runCli wraps stdout so that it does),
 * and the line is erased on success, error and Ctrl-C alike.
 */
export class ProgressBar {
  readonly #term: ProgressTerminal;
  readonly #enabled: boolean;
  readonly #immediate: boolean;
  readonly #now: () => number;
  #label = "";
  #total: number | undefined;
  #loaded = 0;
  #started = 0;
  #drawn = false;
  #lastDraw = -Infinity;
  #timer: ReturnType<typeof setInterval> | undefined;
  #onSignal: (() => void) | undefined;
  readonly #onExit = () => this.clear();

  constructor(term: ProgressTerminal = process.stderr, options: ProgressBarOptions = {}) {
    this.#term = term;
    this.#enabled = options.enabled !== false && term.isTTY === true;
    this.#immediate = options.immediate === true;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Whether the bar is on screen right now. */
  get drawn(): boolean {
    return this.#drawn;
  }

  /**
   * Counts the bytes read through the returned source under `label`; `total` is how many the
   * command will read (the file's size for whole-file commands), or undefined when unknown.
   */
  track(source: ByteSource, label: string, total: number | undefined): ByteSource {
    if (!this.#enabled) return source;
    this.#label = label;
    this.#total = total;
    this.#loaded = 0;
    this.#started = this.#now();
    this.#timer ??= setInterval(() => this.#tick(), REDRAW_MS);
    this.#timer.unref?.();
    if (this.#onSignal === undefined) {
      // Ctrl-C while the bar is up: end as SIGINT would (128 + 2); the exit hook erases the bar,
      // as it does for any other early exit (a closed stdout)
      this.#onSignal = () => process.exit(130);
      process.once("SIGINT", this.#onSignal);
      process.once("exit", this.#onExit);
    }
    if (this.#immediate) this.#draw();
    return {
      ...(source.size === undefined ? {} : { size: source.size }),
      read: async (offset, length, options) => {
        const bytes = await source.read(offset, length, options);
        this.#loaded += bytes.length;
        this.#tick();
        return bytes;
      },
    };
  }

  /** Erases the bar if it is drawn; it comes back on the next update while work goes on. */
  clear(): void {
    if (!this.#drawn) return;
    this.#term.write(ERASE);
    this.#drawn = false;
  }

  /** Erases the bar and stops drawing it. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#onSignal !== undefined) {
      process.removeListener("SIGINT", this.#onSignal);
      process.removeListener("exit", this.#onExit);
    }
    this.#onSignal = undefined;
    this.clear();
  }

  #tick(): void {
    if (this.#timer === undefined) return;
    const now = this.#now();
    if (!this.#immediate && now - this.#started < PROGRESS_DELAY_MS) return;
    if (now - this.#lastDraw < REDRAW_MS) return;
    this.#draw();
  }

  #draw(): void {
    const now = this.#now();
    this.#lastDraw = now;
    const seconds = (now - this.#started) / 1000;
    const rate = seconds > 0 ? this.#loaded / seconds : 0;
    const parts = [this.#label];
    const total = this.#total;
    if (total !== undefined && total > 0) {
      const width = 20;
      const done = Math.min(1, this.#loaded / total);
      const filled = Math.round(done * width);
      parts.push(
        `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`,
        `${Math.floor(done * 100)}%`,
        `${humanBytes(this.#loaded)} / ${humanBytes(total)}`,
      );
    } else {
      parts.push(`${humanBytes(this.#loaded)} read`);
    }
    if (rate > 0) parts.push(`${humanBytes(rate)}/s`);
    if (total !== undefined && rate > 0 && this.#loaded < total)
      parts.push(`ETA ${humanDuration((total - this.#loaded) / rate)}`);
    // one row only: a line that wraps could not be erased by ERASE
    const text = parts.join("  ").slice(0, Math.max(1, (this.#term.columns ?? 80) - 1));
    this.#term.write(`${ERASE}${text}`);
    this.#drawn = true;
  }
}
