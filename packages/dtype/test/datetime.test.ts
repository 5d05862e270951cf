import { isNpyError } from "@npyio/header";
import { describe, expect, it } from "vitest";
import { requireNumpy } from "../../../fixtures/numpy.js";
import { dateToDatetime, datetimeToDate, datetimeToISO } from "../src/convert.js";
import { NAT, parseDescr } from "../src/index.js";
import { python } from "./python.js";

const hasNumpy = requireNumpy("the datetime checks against np.datetime_as_string");

const UNITS = [
  "Y",
  "M",
  "W",
  "D",
  "h",
  "m",
  "s",
  "ms",
  "us",
  "ns",
  "ps",
  "fs",
  "as",
  "10ms",
  "25s",
  "3W",
  "7M",
];
// numpy computes in int64 and wraps when count · multiplier · 7 (weeks) leaves it; counts stay below that
const COUNTS = [0n, 1n, -1n, 59n, 1000n, -1000000n, 3000000n, 170921009678901234n, -(2n ** 58n), 2n ** 58n];

describe("datetime helpers", () => {
  it("formats like numpy for known values", () => {
    expect(datetimeToISO(parseDescr("<M8[D]"), 11016n)).toBe("2000-02-29");
    expect(datetimeToISO(parseDescr("<M8[ns]"), 0n)).toBe("1970-01-01T00:00:00.000000000");
    expect(datetimeToISO(parseDescr("<M8[10ms]"), 7n)).toBe("1970-01-01T00:00:00.070");
    expect(datetimeToISO(parseDescr("<M8[Y]"), -1971n)).toBe("-001");
    expect(datetimeToISO(parseDescr("<M8[h]"), -1n)).toBe("1969-12-31T23");
  });

  it("maps NaT to null and refuses non-datetime dtypes", () => {
    expect(datetimeToISO(parseDescr("<M8[s]"), NAT)).toBeNull();
    expect(datetimeToDate(parseDescr("<M8"), NAT)).toBeNull();
    expect(() => datetimeToISO(parseDescr("<m8[s]"), 1n)).toThrow(/expects a datetime64/);
    let err: unknown;
    try {
      datetimeToDate(parseDescr("<M8"), 5n);
    } catch (e) {
      err = e;
    }
    expect(isNpyError(err, "BAD_DATA")).toBe(true);
  });

  it("converts to and from Date at millisecond precision, flooring finer units", () => {
    const ns = parseDescr("<M8[ns]");
    expect(datetimeToDate(ns, 1709210096789012345n)?.toISOString()).toBe("2024-02-29T12:34:56.789Z");
    expect(datetimeToDate(ns, -1n)?.getTime()).toBe(-1);
    expect(dateToDatetime(ns, new Date("2024-02-29T12:34:56.789Z"))).toBe(1709210096789000000n);
    expect(dateToDatetime(parseDescr("<M8[D]"), -1)).toBe(-1n);
    expect(dateToDatetime(parseDescr("<M8[M]"), new Date("1969-12-15T00:00:00Z"))).toBe(-1n);
    expect(dateToDatetime(parseDescr("<M8[s]"), new Date(Number.NaN))).toBe(NAT);
    expect(datetimeToDate(parseDescr("<M8[M]"), 25n)?.toISOString()).toBe("1972-02-01T00:00:00.000Z");
    expect(datetimeToDate(parseDescr("<M8[Y]"), -400n)?.toISOString()).toBe("1570-01-01T00:00:00.000Z");
    expect(() => datetimeToDate(parseDescr("<M8[D]"), 2n ** 62n)).toThrow(/beyond the range of a JS Date/);
  });

  it.skipIf(!hasNumpy)("agrees with np.datetime_as_string and numpy's cast to ms for every unit", () => {
    const cases = UNITS.flatMap((unit) => COUNTS.map((count) => [unit, count.toString()]));
    const out = JSON.parse(
      python(
        `import json, sys, numpy as np
cases = json.load(sys.stdin)
res = []
for unit, c in cases:
    d = np.array([int(c)], dtype=f"<M8[{unit}]")
    iso = str(np.datetime_as_string(d)[0])
    try:
        with np.errstate(all="raise"):
            ms = int(d.astype("<M8[ms]").astype(np.int64)[0])
            back = d.astype("<M8[ms]").astype(f"<M8[{unit}]").astype(np.int64)[0]
        ok = abs(ms) <= 8.64e15 and int(np.array([ms], "<M8[ms]").astype(f"<M8[{unit}]").astype(np.int64)[0]) == int(back)
    except Exception:
        ms, ok = None, False
    res.append([iso, str(ms) if ok else None])
print(json.dumps(res))`,
        JSON.stringify(cases),
      ),
    ) as [string, string | null][];
    cases.forEach(([unit, count], i) => {
      const dtype = parseDescr(`<M8[${unit}]`);
      const [iso, ms] = out[i]!;
      expect([unit, count, datetimeToISO(dtype, BigInt(count!))]).toEqual([unit, count, iso]);
      // numpy's int64 cast to ms wraps silently far from 1970; compare only where it cannot have
      if (
        ms !== null &&
        Math.abs(Number(ms)) < 8.64e15 &&
        Math.abs(Number.parseInt(iso, 10) - 1970) < 270000
      ) {
        expect([unit, count, datetimeToDate(dtype, BigInt(count!))?.getTime()]).toEqual([
          unit,
          count,
          Number(ms),
        ]);
      }
    });
  });
});
