/**
 * Light checks of a task's result, run once before timing, so a task that returns the wrong thing
 * (or nothing) is reported as failed instead of timed.
 */

type Indexable = { length: number; [i: number]: unknown };

/** The typed array of an npyio NpyArray, an npyjs result or a numpy-ts NDArray. */
export function dataOf(result: unknown): Indexable | undefined {
  if (ArrayBuffer.isView(result)) return result as unknown as Indexable;
  if (typeof result === "object" && result !== null && "data" in result) {
    const data = (result as { data: unknown }).data;
    if (ArrayBuffer.isView(data) || Array.isArray(data)) return data as unknown as Indexable;
  }
  return undefined;
}

/** Expects `length` elements with `value` at `index` (compared with Object.is, so NaN works). */
export function expectElements(length: number, index: number, value: unknown) {
  return (result: unknown): string | undefined => {
    const data = dataOf(result);
    if (data === undefined) return `result has no array data (got ${describe(result)})`;
    if (data.length !== length) return `expected ${length} elements, got ${data.length}`;
    if (!Object.is(data[index], value))
      return `element ${index} is ${String(data[index])}, expected ${String(value)}`;
    return undefined;
  };
}

export function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  return value.constructor?.name ?? "object";
}
