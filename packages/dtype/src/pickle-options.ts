/**
 * Options of `unpickle` and of every reader that takes `allowPickle`: what to do with globals npyio
 * will not rebuild, and the bounds on what a pickle may build.
 *
 * @example
 * ```ts
 * const a = decodeObjectArray(bytes, { pickleGlobals: "inert", maxDepth: 100 });
 * ```
 */
export interface UnpickleOptions {
  /**
   * A global outside the allowed list (`os.system`, `builtins.eval`, a user class): `"refuse"`
   * (default) throws `UNSAFE_PICKLE` naming it; `"inert"` keeps it as a `PickleGlobal` record
   * `{ global, args, state }` that nothing ever calls.
   */
  pickleGlobals?: "refuse" | "inert";
  /** Most values pushed while reading (every element, key and reference counts). Default: 50,000,000. */
  maxElements?: number;
  /** Deepest nesting of lists, tuples, dicts, sets and arrays in the result. Default: 1000 (Python's recursion limit). */
  maxDepth?: number;
  /** Most items on the pickle machine's stack at once. Default: 1,000,000. */
  maxStack?: number;
  /** Most memo entries. Default: 10,000,000. */
  maxMemo?: number;
}

/**
 * The defaults of the bounds in {@link UnpickleOptions}.
 *
 * @example
 * ```ts
 * parse(bytes, { allowPickle: true, maxElements: PICKLE_LIMITS.maxElements / 10 });
 * ```
 */
export const PICKLE_LIMITS = {
  maxElements: 50_000_000,
  maxDepth: 1000,
  maxStack: 1_000_000,
  maxMemo: 10_000_000,
} as const;

/**
 * The option every reader (`parse`, `load`, `readNpy`, `loadNpz`, `NpzReader`) takes for object
 * arrays, with the bounds of {@link UnpickleOptions}.
 *
 * @example
 * ```ts
 * const a = parse(bytes, { allowPickle: true }); // object arrays read as plain data, nothing called
 * ```
 */
export interface AllowPickleOptions extends UnpickleOptions {
  /**
   * Read object arrays (`dtype=object`, stored as a pickle) with npyio's restricted unpickler, which
   * rebuilds numpy arrays, scalars and Python's builtin values as plain data and never calls
   * anything. Default `false`: an object array is refused with `OBJECT_DTYPE`, as numpy's
   * `allow_pickle=False`.
   */
  allowPickle?: boolean;
}
