import type { NpyioApi } from "./npyio-api.js";

type ParseDescr = (descr: string) => unknown;

/**
 * An npyio `NpyArray` ({ dtype, shape, fortranOrder, data }) built from a typed array, for the
 * writers. Uses `parseDescr` from @npyio/dtype only, so write cases can run before the umbrella's
 * `parse` exists.
 */
export function npyioArray(
  api: NpyioApi,
  descr: string,
  data: ArrayBufferView,
  shape: number[],
): { array: unknown } | { missing: string } {
  const parseDescr = api.get<ParseDescr>("parseDescr", ["npyio", "@npyio/dtype"]);
  if (!parseDescr) return { missing: api.missing("parseDescr", ["npyio", "@npyio/dtype"]) };
  return { array: { dtype: parseDescr(descr), shape, fortranOrder: false, data } };
}
