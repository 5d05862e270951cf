export { type ByteOrderChoice, byteOrderStream } from "./byte-order-stream.js";
export { type CastStreamOptions, castStream } from "./cast-stream.js";
export { type MapRowsOptions, mapRows, type RowMapper } from "./map-rows.js";
