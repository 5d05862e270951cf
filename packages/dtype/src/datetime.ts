import type { DType, ScalarDType } from "./dtype.js";
import { NpyError } from "./npy-error.js";

/**
 * numpy's NaT ("not a time"): the smallest int64.
 *
 * @example
 * ```ts
 * datetimeToDate(parseDescr("<M8[ns]"), NAT); // null
 * ```
 */
export const NAT = -(2n ** 63n);

// units finer than a second, each 1000 times the one before
const FRACTIONS = ["ms", "us", "ns", "ps", "fs", "as"];
const fractionDigits = (unit: string): number => 3 * (FRACTIONS.indexOf(unit) + 1);
// units finer than a day, counted per day
const perDay = (unit: string): bigint | undefined =>
  unit === "h"
    ? 24n
    : unit === "m"
      ? 1440n
      : unit === "s" || FRACTIONS.includes(unit)
        ? 86400n * 10n ** BigInt(fractionDigits(unit))
        : undefined;
const MS_PER_DAY = 86400000n;

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

function datetimeDType(dtype: DType, fn: string): ScalarDType & { unit: string; multiplier: number } {
  if (dtype.kind !== "M") {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `${fn} expects a datetime64 (M8) dtype, found '${JSON.stringify(dtype.descr)}'`,
    );
  }
  return dtype as ScalarDType & { unit: string; multiplier: number };
}

/** The count in the dtype's base unit (multiplier applied), or null for NaT. */
function scaled(dtype: ScalarDType & { unit: string; multiplier: number }, count: bigint): bigint | null {
  if (count === NAT) return null;
  if (dtype.unit === "generic") {
    throw new NpyError(
      "BAD_DATA",
      `'${dtype.descr}' has no unit, so only NaT has a meaning, found ${count}; the writer should give a unit like '<M8[s]'`,
    );
  }
  return count * BigInt(dtype.multiplier);
}

// Howard Hinnant's civil_from_days, in BigInt so every int64 day count works
function civil(days: bigint): [year: bigint, month: number, day: number] {
  const z = days + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const month = Number(mp < 10n ? mp + 3n : mp - 9n);
  return [yoe + era * 400n + (month <= 2 ? 1n : 0n), month, day];
}

// Howard Hinnant's days_from_civil: day count since 1970-01-01 of the first day of a month
function daysFromCivil(year: bigint, month: number): bigint {
  const y = year - (month <= 2 ? 1n : 0n);
  const era = floorDiv(y, 400n);
  const yoe = y - era * 400n;
  const doy = BigInt(Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5));
  return era * 146097n + yoe * 365n + yoe / 4n - yoe / 100n + doy - 719468n;
}

// numpy prints years at least 4 wide, the sign counting toward the width: 0099, -001, 10000
const year4 = (y: bigint): string =>
  y < 0n ? `-${(-y).toString().padStart(3, "0")}` : y.toString().padStart(4, "0");
const two = (n: bigint | number): string => n.toString().padStart(2, "0");

/**
 * A datetime64 count as numpy's `np.datetime_as_string` writes it in the dtype's unit
 * (`'2024-02-29'` for `D`, `'2024-02-29T12:00:00.000000000'` for `ns`); NaT → `null`.
 *
 * @example
 * ```ts
 * const dtype = parseDescr("<M8[D]");
 * decode(dtype, bytes).map((d) => datetimeToISO(dtype, d));
 * ```
 */
export function datetimeToISO(dtype: DType, count: bigint): string | null {
  const dt = datetimeDType(dtype, "datetimeToISO");
  const v = scaled(dt, count);
  if (v === null) return null;
  const unit = dt.unit;
  if (unit === "Y") return year4(1970n + v);
  if (unit === "M") return `${year4(1970n + floorDiv(v, 12n))}-${two(v - floorDiv(v, 12n) * 12n + 1n)}`;
  const unitsPerDay = perDay(unit) ?? 1n;
  const days = unit === "W" ? v * 7n : floorDiv(v, unitsPerDay);
  const [y, mo, d] = civil(days);
  const date = `${year4(y)}-${two(mo)}-${two(d)}`;
  if (unit === "D" || unit === "W") return date;
  // time of day in the unit, split into h, m, s and the fraction
  const rest = v - days * unitsPerDay;
  const perSecond = unitsPerDay / 86400n || 1n;
  const secs = unit === "h" ? rest * 3600n : unit === "m" ? rest * 60n : rest / perSecond;
  let time = `${two(secs / 3600n)}`;
  if (unit !== "h") time += `:${two((secs / 60n) % 60n)}`;
  if (unit !== "h" && unit !== "m") time += `:${two(secs % 60n)}`;
  if (FRACTIONS.includes(unit))
    time += `.${(rest % perSecond).toString().padStart(fractionDigits(unit), "0")}`;
  return `${date}T${time}`;
}

/**
 * A datetime64 count as a JS `Date` (millisecond precision, finer units floored); NaT → `null`.
 * Counts beyond `Date`'s range (±8.64e15 ms, about ±275000 years) are `LOSSY_CAST`: use
 * {@link datetimeToISO} for those.
 *
 * @example
 * ```ts
 * datetimeToDate(parseDescr("<M8[s]"), 86400n); // 1970-01-02T00:00:00.000Z
 * ```
 */
export function datetimeToDate(dtype: DType, count: bigint): Date | null {
  const dt = datetimeDType(dtype, "datetimeToDate");
  const v = scaled(dt, count);
  if (v === null) return null;
  let ms: bigint;
  if (dt.unit === "Y" || dt.unit === "M") {
    const months = dt.unit === "Y" ? v * 12n : v;
    const years = floorDiv(months, 12n);
    ms = daysFromCivil(1970n + years, Number(months - years * 12n) + 1) * MS_PER_DAY;
  } else if (dt.unit === "D" || dt.unit === "W") {
    ms = v * (dt.unit === "W" ? 7n : 1n) * MS_PER_DAY;
  } else {
    const units = perDay(dt.unit)!;
    ms = units >= MS_PER_DAY ? floorDiv(v, units / MS_PER_DAY) : v * (MS_PER_DAY / units);
  }
  if (ms > 8640000000000000n || ms < -8640000000000000n) {
    throw new NpyError(
      "LOSSY_CAST",
      `datetime ${count} in '${dt.descr}' is beyond the range of a JS Date (±8.64e15 ms); use datetimeToISO instead`,
    );
  }
  return new Date(Number(ms));
}

/**
 * The datetime64 count of a `Date` (or epoch milliseconds) in the dtype's unit, floored as numpy
 * casts to a coarser unit; an invalid Date gives NaT. For building data to `encode`.
 *
 * @example
 * ```ts
 * dateToDatetime(parseDescr("<M8[D]"), new Date("2024-03-01T12:00Z")); // 19783n days since 1970-01-01
 * ```
 */
export function dateToDatetime(dtype: DType, date: Date | number): bigint {
  const dt = datetimeDType(dtype, "dateToDatetime");
  const t = typeof date === "number" ? date : date.getTime();
  if (!Number.isFinite(t)) return NAT;
  const ms = BigInt(Math.floor(t));
  const mult = BigInt(dt.multiplier || 1);
  let v: bigint;
  if (dt.unit === "Y" || dt.unit === "M") {
    const d = new Date(Number(ms));
    const years = BigInt(d.getUTCFullYear() - 1970);
    v = dt.unit === "Y" ? years : years * 12n + BigInt(d.getUTCMonth());
  } else if (dt.unit === "D" || dt.unit === "W") {
    v = floorDiv(ms, MS_PER_DAY * (dt.unit === "W" ? 7n : 1n));
  } else if (dt.unit === "generic") {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `dateToDatetime needs a dtype with a unit, like '<M8[ms]', found '${dt.descr}'`,
    );
  } else {
    const units = perDay(dt.unit)!;
    v = units >= MS_PER_DAY ? ms * (units / MS_PER_DAY) : floorDiv(ms, MS_PER_DAY / units);
  }
  return floorDiv(v, mult);
}
