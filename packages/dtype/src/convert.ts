export { complexParts, interleaveComplex } from "./complex.js";
export { dateToDatetime, datetimeToDate, datetimeToISO } from "./datetime.js";
export { inferDType } from "./infer-dtype.js";
export { type ArrayInput, toNpyArray } from "./to-npy-array.js";
