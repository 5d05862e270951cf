// The `node` export condition of `npyio`: the portable entry, with load and loadNpz that also read
// file paths and `file:` URLs, and @npyio/npz's Node entry (NpzReader.open of a path, node:zlib).
// Browser bundles resolve the default entry and never see node:.
export * from "./index.js";
export { load, loadNpz } from "./node-load.js";
