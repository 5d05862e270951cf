/**
 * Count, min, max, mean and standard deviation of a stream of numbers in constant memory
 * (Welford's online algorithm), with NaN and infinity counted apart: min, max, mean and std are
 * over the finite values only, as numpy's `nanmin`/`nanmax`/`nanmean`/`nanstd` (ddof 0) after
 * dropping infinities.
 */

/** The result of a {@link StatsAccumulator}. */
export interface Stats {
  /** Every value seen, NaN and infinities included. */
  count: number;
  nan: number;
  posInf: number;
  negInf: number;
  /** Over finite values; `undefined` when there were none. Exact for 64-bit integers. */
  min: number | bigint | undefined;
  max: number | bigint | undefined;
  mean: number | undefined;
  /** Population standard deviation (numpy's default `ddof=0`). */
  std: number | undefined;
}

/** Feeds values one chunk at a time; {@link StatsAccumulator.result} at any point. */
export class StatsAccumulator {
  #count = 0;
  #nan = 0;
  #posInf = 0;
  #negInf = 0;
  #finite = 0;
  #mean = 0;
  #m2 = 0;
  #min: number | bigint | undefined;
  #max: number | bigint | undefined;

  /** Adds every value of an array-like of numbers or bigints. */
  add(values: ArrayLike<number> | ArrayLike<bigint>): void {
    const n = values.length;
    for (let i = 0; i < n; i++) this.push(values[i]!);
  }

  /** Adds one value. */
  push(value: number | bigint): void {
    this.#count++;
    let x: number;
    if (typeof value === "bigint") {
      x = Number(value);
    } else {
      x = value;
      if (Number.isNaN(x)) {
        this.#nan++;
        return;
      }
      if (x === Infinity) {
        this.#posInf++;
        return;
      }
      if (x === -Infinity) {
        this.#negInf++;
        return;
      }
    }
    if (this.#min === undefined || value < this.#min) this.#min = value;
    if (this.#max === undefined || value > this.#max) this.#max = value;
    this.#finite++;
    const delta = x - this.#mean;
    this.#mean += delta / this.#finite;
    this.#m2 += delta * (x - this.#mean);
  }

  result(): Stats {
    const some = this.#finite > 0;
    return {
      count: this.#count,
      nan: this.#nan,
      posInf: this.#posInf,
      negInf: this.#negInf,
      min: this.#min,
      max: this.#max,
      mean: some ? this.#mean : undefined,
      std: some ? Math.sqrt(this.#m2 / this.#finite) : undefined,
    };
  }
}
