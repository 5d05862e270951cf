export { withByteOrder } from "./byte-order.js";
export { type CastPosition, castData } from "./cast-data.js";
export { isExactCast } from "./exact-cast.js";
