// The `node` export condition of `@npyio/npz`: the portable entry, with an NpzReader that opens file
// paths and inflates with node:zlib, and a saveNpz that deflates with node:zlib. Browser bundles
// resolve the default entry and never see node:.
export * from "./index.js";
export { NpzReader } from "./node-npz-reader.js";
export { NpzWriter } from "./node-npz-writer.js";
export { saveNpz } from "./node-save-npz.js";
