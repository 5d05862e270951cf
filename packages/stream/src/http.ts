// HTTP Range reads: a ByteSource over a URL. Whole-file reads need none of it (readNpy(url) is one GET).
export { type HttpSource, type HttpSourceOptions, httpSource } from "./http-source.js";
