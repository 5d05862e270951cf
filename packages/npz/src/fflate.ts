// The pure-JavaScript deflate engine, for the same inflate on every runtime; the main entry picks
// native CompressionStream where the runtime has it (and falls back to fflate by itself).
export { fflateCodec } from "./fflate-codec.js";
