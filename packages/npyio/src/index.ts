export * from "@npyio/dtype";
// both packages export the descr types; @npyio/header is where they are defined
export type { Descr, DescrField, DescrSubarray } from "@npyio/header";
export * from "@npyio/header";
export { type ParsedNpyArray, type ParseOptions, parse } from "./parse.js";
export { type ArrayInput, type SaveOptions, save } from "./save.js";
