import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StatsAccumulator } from "../src/stats-accumulator.js";

/** The two-pass textbook answer over the finite values. */
function reference(values: number[]) {
  const finite = values.filter(Number.isFinite);
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length;
  return { mean, std: Math.sqrt(variance), min: Math.min(...finite), max: Math.max(...finite) };
}

describe("StatsAccumulator", () => {
  it("matches the two-pass mean and std, whatever the chunking", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (values, chunk) => {
          const acc = new StatsAccumulator();
          for (let i = 0; i < values.length; i += chunk)
            acc.add(Float64Array.from(values.slice(i, i + chunk)));
          const got = acc.result();
          const want = reference(values);
          expect(got.count).toBe(values.length);
          expect(got.min).toBe(want.min);
          expect(got.max).toBe(want.max);
          expect(got.mean!).toBeCloseTo(want.mean, 6);
          expect(got.std!).toBeCloseTo(want.std, 6);
        },
      ),
    );
  });

  it("counts NaN and infinities apart and leaves them out of the moments", () => {
    const acc = new StatsAccumulator();
    acc.add(new Float32Array([1, Number.NaN, 3, Infinity, -Infinity, -Infinity]));
    expect(acc.result()).toEqual({ count: 6, nan: 1, posInf: 1, negInf: 2, min: 1, max: 3, mean: 2, std: 1 });
  });

  it("keeps 64-bit integer extremes exact", () => {
    const acc = new StatsAccumulator();
    acc.add(new BigInt64Array([9007199254740993n, -9223372036854775808n]));
    const r = acc.result();
    expect(r.min).toBe(-9223372036854775808n);
    expect(r.max).toBe(9007199254740993n);
  });

  it("has no moments without finite values", () => {
    const acc = new StatsAccumulator();
    acc.add(new Float64Array([Number.NaN]));
    expect(acc.result()).toMatchObject({ count: 1, nan: 1, min: undefined, mean: undefined, std: undefined });
  });

  it("stays accurate far from zero (Welford, not sum of squares)", () => {
    const acc = new StatsAccumulator();
    acc.add(new Float64Array([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]));
    expect(acc.result().std).toBeCloseTo(Math.sqrt(22.5), 9);
  });
});
