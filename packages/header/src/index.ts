export { isNpyError, NpyError, type NpyErrorCode, type NpyErrorOptions } from "./npy-error.js";
