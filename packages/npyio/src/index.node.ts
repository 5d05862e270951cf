// The `node` export condition of `npyio`: the portable entry, with load and loadNpz that also read
// file paths and `file:` URLs, open that also opens them, and @npyio/npz's Node entry (NpzReader.open of a path, node:zlib).
// Browser bundles resolve the default entry and never see node:. saveNpz deflates with node:zlib
// (named here, so it holds whichever entry of @npyio/npz a resolver picks for the portable index).

export { saveNpz } from "@npyio/npz/node";
export * from "./index.js";
export { load, loadNpz } from "./node-load.js";
export { open } from "./node-open.js";
