/**
 * numpy's `datetime_as_string(x, unit=<the dtype's unit>)` for `datetime64` counts: ISO 8601
 * without a time zone, as precise as the unit, years zero-padded to four characters (sign included,
 * so year -1 is `-001`, as numpy prints it).
 */
import { type DatetimeUnit, NAT } from "@npyio/dtype";

// units below a day: how many per day, and how many fraction digits after the seconds
const SUB_DAY: Readonly<Record<string, { perDay: bigint; perSecond: bigint; digits: number }>> = {
  h: { perDay: 24n, perSecond: 0n, digits: 0 },
  m: { perDay: 1440n, perSecond: 0n, digits: 0 },
  s: { perDay: 86400n, perSecond: 1n, digits: 0 },
  ms: { perDay: 86400n * 10n ** 3n, perSecond: 10n ** 3n, digits: 3 },
  us: { perDay: 86400n * 10n ** 6n, perSecond: 10n ** 6n, digits: 6 },
  ns: { perDay: 86400n * 10n ** 9n, perSecond: 10n ** 9n, digits: 9 },
  ps: { perDay: 86400n * 10n ** 12n, perSecond: 10n ** 12n, digits: 12 },
  fs: { perDay: 86400n * 10n ** 15n, perSecond: 10n ** 15n, digits: 15 },
  as: { perDay: 86400n * 10n ** 18n, perSecond: 10n ** 18n, digits: 18 },
};

function floorDiv(a: bigint, b: bigint): [quotient: bigint, remainder: bigint] {
  let q = a / b;
  let r = a % b;
  if (r < 0n) {
    q -= 1n;
    r += b;
  }
  return [q, r];
}

function pad(n: bigint, width: number): string {
  return n.toString().padStart(width, "0");
}

function year(y: bigint): string {
  return y < 0n ? `-${pad(-y, 3)}` : pad(y, 4);
}

/** Civil date of a day count since 1970-01-01 (proleptic Gregorian, H. Hinnant's algorithm). */
function civil(days: bigint): [y: bigint, m: bigint, d: bigint] {
  const z = days + 719468n;
  const [era] = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const d = doy - (153n * mp + 2n) / 5n + 1n;
  const m = mp < 10n ? mp + 3n : mp - 9n;
  return [yoe + era * 400n + (m <= 2n ? 1n : 0n), m, d];
}

function dateText(days: bigint): string {
  const [y, m, d] = civil(days);
  return `${year(y)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/**
 * The ISO text of `count` × `multiplier` units since the epoch; `NaT` for numpy's NaT.
 *
 * @example
 * ```ts
 * datetimeAsString(19783n, "D"); // "2024-03-01"
 * ```
 */
export function datetimeAsString(count: bigint, unit: DatetimeUnit, multiplier = 1): string {
  if (count === NAT) return "NaT";
  // numpy does this arithmetic in int64, so it wraps for counts near the ends of the range
  const wrap = (x: bigint) => BigInt.asIntN(64, x);
  const v = wrap(count * BigInt(multiplier));
  switch (unit) {
    case "Y":
      return year(wrap(1970n + v));
    case "M": {
      const [y, m] = floorDiv(v, 12n);
      return `${year(1970n + y)}-${pad(m + 1n, 2)}`;
    }
    case "W":
      return dateText(wrap(v * 7n));
    case "D":
      return dateText(v);
    case "generic":
      return v.toString();
  }
  const sub = SUB_DAY[unit]!;
  const [days, rest] = floorDiv(v, sub.perDay);
  const date = dateText(days);
  if (unit === "h") return `${date}T${pad(rest, 2)}`;
  if (unit === "m") return `${date}T${pad(rest / 60n, 2)}:${pad(rest % 60n, 2)}`;
  const [seconds, fraction] = floorDiv(rest, sub.perSecond);
  const clock = `${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}`;
  return `${date}T${clock}${sub.digits > 0 ? `.${pad(fraction, sub.digits)}` : ""}`;
}
