/**
 * numpy's way of printing arrays and their elements, shared by the `npyio` command and the demo:
 * `str()` of an array (`formatArray`), of one element as numpy shows it inside an array
 * (`formatElement`) and of a numpy scalar (`formatScalar`), with numpy's default print options.
 */
export { type FormatArrayOptions, formatArray } from "./array-format.js";
export { datetimeAsString } from "./datetime-string.js";
export { type Column, formatElement } from "./element-format.js";
export { type FloatBits, formatFloatScalar, roundToFloat16 } from "./float-digits.js";
export { formatScalar } from "./scalar-format.js";
