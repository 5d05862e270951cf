import { NpyError } from "@npyio/header";

/** Sizes every engine can hold in one typed array (V8, SpiderMonkey and JavaScriptCore allow ≥ 2 GiB). */
const SURELY_FITS = 2 ** 31 - 1;

/**
 * Whether `size` bytes fit in one typed array of this runtime, asked without allocating them: a
 * resizable `ArrayBuffer` of length 0 with `maxByteLength: size` is refused exactly when `size` is
 * past the engine's limit (4 GiB on Node 20, more on Node 22). Where resizable buffers are missing
 * the option is ignored and the answer is yes; the allocation itself then decides.
 */
function fitsInOneArray(size: number): boolean {
  if (size <= SURELY_FITS) return true;
  if (!Number.isSafeInteger(size)) return false;
  try {
    new ArrayBuffer(0, { maxByteLength: size } as { maxByteLength: number });
    return true;
  } catch {
    return false;
  }
}

/**
 * `TOO_LARGE` unless `size` bytes (of `what`) fit in one typed array of this runtime: checked before
 * anything is allocated or buffered, so a reader never fills memory with what it could not return.
 *
 * @example
 * ```ts
 * checkAllocatable(entry.size, `member "${entry.name}"`); // before collecting the member's bytes
 * ```
 */
export function checkAllocatable(size: number, what: string): void {
  if (!fitsInOneArray(size)) throw tooLarge(size, what);
}

/**
 * A zeroed `Uint8Array` of `size` bytes, or `TOO_LARGE` (never a `RangeError`) when this runtime
 * cannot hold that many bytes in one array.
 *
 * @example
 * ```ts
 * const out = allocateBytes(header.dataBytes, "the array data"); // TOO_LARGE past the runtime's limit
 * ```
 */
export function allocateBytes(size: number, what: string): Uint8Array {
  checkAllocatable(size, what);
  try {
    return new Uint8Array(size);
  } catch (err) {
    throw tooLarge(size, what, err);
  }
}

function tooLarge(size: number, what: string, cause?: unknown): NpyError {
  return new NpyError(
    "TOO_LARGE",
    `${what} is ${size} bytes, more than one typed array of this runtime can hold; read it in pieces with stream() (NpzReader.stream, NpyDecoderStream) instead`,
    cause === undefined ? {} : { cause },
  );
}
