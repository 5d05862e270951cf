import { fail } from "./zip-error.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/**
 * A member name: UTF-8 when flag 0x800 says so (numpy's zipfile sets it for every non-ASCII name).
 * Unflagged names are ASCII from numpy; from other writers they are tried as UTF-8 (macOS and Info-ZIP
 * write it unflagged), then read as latin1.
 */
export function decodeName(bytes: Uint8Array, isUtf8: boolean, offset: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return isUtf8 ? fail("a member name flagged UTF-8 is not valid UTF-8", offset) : latin1.decode(bytes);
  }
}

/** numpy's key for a member: the name without its `.npy` suffix (`dir/x.npy` is `dir/x`). */
export const keyOf = (name: string): string => (name.endsWith(".npy") ? name.slice(0, -4) : name);
