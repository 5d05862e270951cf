import { NpyError } from "@npyio/header";

/**
 * One entry of a numpy basic index, as `slice(...)` takes it:
 *
 * | TypeScript            | numpy          | meaning                                          |
 * | --------------------- | -------------- | ------------------------------------------------ |
 * | `7`, `-1`             | `7`, `-1`      | one position (negative counts from the end); drops the axis |
 * | `[10, 20]`            | `10:20`        | a range; `null` for an omitted bound             |
 * | `[null, null, -2]`    | `::-2`         | a range with a step (negative: backwards)        |
 * | `null`                | `:`            | the whole axis (not numpy's `None`, which adds an axis) |
 * | `"..."`               | `...`          | as many whole axes as needed                     |
 * | `"10:20, ::4"`        | `10:20, ::4`   | numpy's own syntax, parsed (any number of axes)  |
 *
 * @example
 * ```ts
 * await reader.slice([1000, 2000], [null, null, 4]); // a[1000:2000, ::4]
 * await reader.slice("1000:2000, ::4");               // the same
 * await reader.slice(null, 7);                        // a[:, 7]
 * ```
 */
export type AxisIndex =
  | number
  | null
  | string
  | readonly [start: number | null | undefined, stop: number | null | undefined, step?: number | null];

/**
 * What an index selects along one axis of the array: `count` positions from `start`, `step` apart.
 * `drop` is true for an integer index (the axis is not in the result).
 *
 * @example
 * ```ts
 * normalizeIndex([10, 8], [[-3, null], 2]);
 * // [{ start: 7, step: 1, count: 3, drop: false }, { start: 2, step: 1, count: 1, drop: true }]
 * ```
 */
export interface AxisSelection {
  start: number;
  step: number;
  count: number;
  drop: boolean;
}

type Bound = number | null | undefined;
type Item = { int: number } | { range: [Bound, Bound, Bound] } | "...";

const invalid = (message: string) => new NpyError("INVALID_ARGUMENT", message);

const INTEGER = /^[+-]?\d+(?:_\d+)*$/;

/** A bound of a range written in numpy's syntax: empty (or Python's `None`) is omitted. */
function parseBound(text: string, source: string): Bound {
  const t = text.trim();
  if (t === "" || t === "None") return null;
  if (!INTEGER.test(t)) throw invalid(`cannot read "${t}" in the index "${source}" as an integer`);
  return Number(t.replaceAll("_", ""));
}

/**
 * Parses numpy's index syntax: `"1000:2000, ::4"`, `"-1"`, `"..., 0"`, `":, 7"`. An empty string is
 * the empty index (the whole array).
 */
function parseIndexString(source: string): Item[] {
  const text = source.trim();
  if (text === "") return [];
  const parts = text.split(",");
  // a trailing comma is Python's one-tuple: "5," is the same index as "5"
  if (parts.length > 1 && parts.at(-1)!.trim() === "") parts.pop();
  return parts.map((part): Item => {
    const p = part.trim();
    if (p === "...") return "...";
    if (p === "None") throw invalid(`np.newaxis (None) in "${source}" is not supported: it adds an axis`);
    if (p.includes(":")) {
      const bounds = p.split(":");
      if (bounds.length > 3) throw invalid(`"${p}" in the index "${source}" has more than two colons`);
      const [start, stop, step] = bounds.map((b) => parseBound(b, source));
      return { range: [start, stop, step] };
    }
    if (p === "") throw invalid(`the index "${source}" has an empty entry between commas`);
    const value = parseBound(p, source);
    return { int: value as number };
  });
}

function toItems(index: readonly AxisIndex[]): Item[] {
  const items: Item[] = [];
  for (const entry of index) {
    if (entry === null) items.push({ range: [null, null, null] });
    else if (typeof entry === "number") items.push({ int: entry });
    else if (typeof entry === "string") items.push(...parseIndexString(entry));
    else if (Array.isArray(entry) && (entry.length === 2 || entry.length === 3)) {
      const [start, stop, step] = entry as readonly Bound[];
      items.push({ range: [start, stop, step] });
    } else {
      throw invalid(
        `an index entry is an integer, [start, stop] or [start, stop, step] (null for an omitted bound), null for ":", or a string such as "10:20, ::2"; got ${JSON.stringify(entry) ?? String(entry)}`,
      );
    }
  }
  return items;
}

function checkInteger(value: Bound, what: string, axis: number): void {
  if (value === null || value === undefined || Number.isSafeInteger(value)) return;
  throw invalid(`${what} on axis ${axis} must be an integer (or null), got ${String(value)}`);
}

/** What `index` selects along an axis of `size`, with Python's `slice.indices` rules for ranges. */
function select(item: Exclude<Item, "...">, size: number, axis: number): AxisSelection {
  if ("int" in item) {
    const i = item.int;
    checkInteger(i, "an index", axis);
    if (i < -size || i >= size) {
      // numpy's IndexError, word for word
      throw invalid(`index ${i} is out of bounds for axis ${axis} with size ${size}`);
    }
    return { start: i < 0 ? i + size : i, step: 1, count: 1, drop: true };
  }
  const [rawStart, rawStop, rawStep] = item.range;
  checkInteger(rawStart, "a range's start", axis);
  checkInteger(rawStop, "a range's stop", axis);
  checkInteger(rawStep, "a range's step", axis);
  const step = rawStep ?? 1;
  if (step === 0) throw invalid(`slice step cannot be zero (axis ${axis})`);
  // past-the-end bounds clamp, as Python's slice.indices does
  const clamp = (v: Bound, fallback: number, low: number, high: number) => {
    if (v === null || v === undefined) return fallback;
    const w = v < 0 ? v + size : v;
    return Math.min(Math.max(w, low), high);
  };
  if (step > 0) {
    const start = clamp(rawStart, 0, 0, size);
    const stop = clamp(rawStop, size, 0, size);
    const count = stop > start ? Math.ceil((stop - start) / step) : 0;
    return { start, step, count, drop: false };
  }
  const start = clamp(rawStart, size - 1, -1, size - 1);
  const stop = clamp(rawStop, -1, -1, size - 1);
  const count = start > stop ? Math.ceil((start - stop) / -step) : 0;
  return { start: count ? start : 0, step, count, drop: false };
}

/**
 * Resolves a numpy basic index against `shape`: one {@link AxisSelection} per axis, with numpy's
 * rules and errors: a negative position counts from the end, a position out of bounds is
 * `INVALID_ARGUMENT` ("index 10 is out of bounds for axis 0 with size 10", numpy's IndexError), ranges
 * past the end clamp, a step of 0 is refused, one `...` at most, and axes left over are whole.
 *
 * @example
 * ```ts
 * normalizeIndex([100, 50], ["10:20, ::-1"]).map((s) => s.count); // [10, 50]
 * ```
 */
export function normalizeIndex(shape: readonly number[], index: readonly AxisIndex[]): AxisSelection[] {
  const items = toItems(index);
  const ellipses = items.filter((item) => item === "...").length;
  if (ellipses > 1) throw invalid("an index can only have a single ellipsis ('...')");
  const indexed = items.length - ellipses;
  if (indexed > shape.length) {
    throw invalid(
      `too many indices for array: array is ${shape.length}-dimensional, but ${indexed} were indexed`,
    );
  }
  const whole: Item = { range: [null, null, null] };
  const at = items.indexOf("...");
  const fill: Item[] = Array.from({ length: shape.length - indexed }, () => whole);
  const full = at < 0 ? [...items, ...fill] : [...items.slice(0, at), ...fill, ...items.slice(at + 1)];
  return full.map((item, axis) => select(item as Exclude<Item, "...">, shape[axis]!, axis));
}
