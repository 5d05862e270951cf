// The header's `descr` value in JS, as agreed in docs/ARCHITECTURE.md. Declared here until
// `@npyio/header` exports the same types; then this file re-exports them.

/** numpy's `descr`: a type string, a list of fields, or a top-level subarray. */
export type Descr = string | DescrField[] | DescrSubarray;

/** A field tuple: `(name, descr)` or `(name, descr, shape)`; `name` may be `(title, name)`. */
export type DescrField =
  | [name: string | [title: string, name: string], descr: Descr]
  | [name: string | [title: string, name: string], descr: Descr, shape: number[]];

/** A top-level subarray tuple `(descr, shape)`, written by some non-numpy writers. */
export interface DescrSubarray {
  base: Descr;
  shape: number[];
}
