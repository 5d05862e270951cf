// @npyio/dtype/pickle: object arrays (`dtype=object`), read from their pickle as plain data without
// ever calling anything. Its own entry, so the main bundle does not carry the pickle machine.
// the value types (PickleValue, PickleComplex, PickleGlobal) are exported from the main entry, beside NpyData
export { OBJECT_DTYPE } from "./numpy-pickle.js";
export { type AllowPickleOptions, PICKLE_LIMITS, type UnpickleOptions } from "./pickle-options.js";
export { decodeObjectArray, unpickle } from "./unpickle.js";
