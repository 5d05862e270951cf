/**
 * Tracks every ArrayBuffer the code under test asks for, by wrapping the global typed-array and
 * ArrayBuffer constructors (and the prototype methods that allocate), so "no allocation larger than
 * the input can justify" can be checked per input. An allocation over the current budget is refused
 * before it happens (the harness must not run out of memory itself) and recorded as a violation.
 *
 * Install it BEFORE the packages under test are imported: libraries such as fflate keep a reference
 * to `Uint8Array` taken when their module is evaluated.
 */

/** Thrown into the code under test when it asks for more than the budget; never an NpyError. */
export class AllocationViolation extends Error {
  override readonly name = "AllocationViolation";
  constructor(
    readonly bytes: number,
    readonly budget: number,
    readonly what: string,
  ) {
    super(`${what} asked for ${bytes} bytes, over the budget of ${budget} bytes for this input`);
  }
}

interface State {
  budget: number;
  largest: number;
  violation: AllocationViolation | undefined;
}

const state: State = { budget: Number.POSITIVE_INFINITY, largest: 0, violation: undefined };

function note(bytes: number, what: string): void {
  if (!Number.isFinite(bytes) || bytes < 0) return; // the constructor itself throws RangeError
  if (bytes > state.largest) state.largest = bytes;
  if (bytes > state.budget) {
    const v = new AllocationViolation(bytes, state.budget, what);
    state.violation ??= v;
    throw v;
  }
}

const TYPED = [
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "Float16Array",
] as const;

type Ctor = new (...args: unknown[]) => object;
const g = globalThis as unknown as Record<string, Ctor | undefined>;
const originals = new Map<string, Ctor>();
const patchedMethods: [object, string, unknown][] = [];

/** Byte length a typed-array constructor call will allocate (0 for a view of an existing buffer). */
function typedBytes(args: unknown[], bytesPerElement: number): number {
  const first = args[0];
  if (typeof first === "number") return first * bytesPerElement;
  if (first === undefined || first === null) return 0;
  if (first instanceof (originals.get("ArrayBuffer") ?? ArrayBuffer)) return 0;
  if (typeof SharedArrayBuffer !== "undefined" && first instanceof SharedArrayBuffer) return 0;
  const length = (first as { length?: unknown }).length;
  return typeof length === "number" ? length * bytesPerElement : 0;
}

function wrapMethod(proto: object, name: string): void {
  const original = (proto as Record<string, unknown>)[name];
  if (typeof original !== "function") return;
  patchedMethods.push([proto, name, original]);
  Object.defineProperty(proto, name, {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      const out = (original as (...a: unknown[]) => unknown).apply(this, args);
      const length = (out as { byteLength?: unknown } | null)?.byteLength;
      if (typeof length === "number") note(length, `${name}()`);
      return out;
    },
  });
}

/** Wraps the constructors. Idempotent. */
export function installAllocationTracker(): void {
  if (originals.size > 0) return;
  for (const name of ["ArrayBuffer", "SharedArrayBuffer", ...TYPED]) {
    const C = g[name];
    if (!C) continue;
    originals.set(name, C);
    const perElement = (C as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT;
    g[name] = new Proxy(C, {
      construct(target, args, newTarget) {
        note(perElement === undefined ? Number(args[0] ?? 0) : typedBytes(args, perElement), `new ${name}`);
        return Reflect.construct(target, args, newTarget === g[name] ? target : newTarget);
      },
    });
  }
  const typedProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
  for (const m of ["slice", "map", "filter"]) wrapMethod(typedProto, m);
  wrapMethod(ArrayBuffer.prototype, "slice");
  wrapMethod(ArrayBuffer.prototype, "transfer");
  // a from(): wrap on the %TypedArray% constructor, inherited by each concrete one
  wrapMethod(Object.getPrototypeOf(Uint8Array) as object, "from");
}

/** Restores the original constructors and methods. */
export function uninstallAllocationTracker(): void {
  for (const [name, C] of originals) g[name] = C;
  originals.clear();
  for (const [proto, name, original] of patchedMethods.splice(0)) {
    Object.defineProperty(proto, name, { configurable: true, writable: true, value: original });
  }
}

/** Starts accounting for one input: allocations over `budget` bytes are refused. */
export function beginAllocations(budget: number): void {
  state.budget = budget;
  state.largest = 0;
  state.violation = undefined;
}

/** Ends accounting: the largest single allocation and the first violation, if any. */
export function endAllocations(): { largest: number; violation: AllocationViolation | undefined } {
  const out = { largest: state.largest, violation: state.violation };
  state.budget = Number.POSITIVE_INFINITY;
  return out;
}
