export * from "@npyio/dtype";
// numpy's astype and byte order for numeric dtypes, for the CLI's convert and for apps
export * from "@npyio/dtype/cast";
// the conversions to everyday JS values live in their own entry; the umbrella keeps them at hand
export * from "@npyio/dtype/convert";
// object arrays: the restricted unpickler behind `allowPickle`
export * from "@npyio/dtype/pickle";
// both packages export the descr types; @npyio/header is where they are defined
export type { Descr, DescrField, DescrSubarray } from "@npyio/header";
export * from "@npyio/header";
export * from "@npyio/npz";
// the umbrella keeps npz's sequential reader/encoder and fflate engine at hand, as before the split
export * from "@npyio/npz/fflate";
export * from "@npyio/npz/stream";
export * from "@npyio/stream";
// HTTP Range reads, the range readers (openNpy, readRows), the writers to seekable sinks and the
// element-wise transforms are entries of their own there; the umbrella keeps them all at hand
export * from "@npyio/stream/http";
export * from "@npyio/stream/seekable";
export * from "@npyio/stream/slice";
export * from "@npyio/stream/transforms";
export { type LoadOptions, load } from "./load.js";
export { type LoadNpzOptions, type LoadSource, loadNpz } from "./load-npz.js";
export { type OpenOptions, type OpenSource, open } from "./open.js";
export { type ParsedNpyArray, type ParseOptions, parse } from "./parse.js";
export { type SaveOptions, save } from "./save.js";
