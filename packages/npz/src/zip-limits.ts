/** The readers' limits on untrusted archives: their defaults and the errors past them (docs/LIMITS.md). */
import { fail, member, zipError } from "./zip-error.js";
import { METHOD_STORED } from "./zip-format.js";

/** DEFLATE's largest expansion (258 bytes from 2 bits): the default and ceiling of `maxRatio`. */
export const MAX_RATIO = 1032;
/** Default `maxMembers`: 16 times what a zip without zip64 can count (numpy's archives hold far fewer). */
export const MAX_MEMBERS = 65535 * 16;

/**
 * LIMIT_EXCEEDED: what was `found` is over what `option` allows (`allowed`). Every limit of the
 * readers says it the same way, with the option to raise.
 */
export const overLimit = (found: string, option: string, allowed: number | string, offset?: number) =>
  zipError(
    `${found}, over the ${option} of ${allowed}; raise ${option} if you trust the archive`,
    offset,
    "LIMIT_EXCEEDED",
  );

/**
 * BAD_ZIP unless `size` uncompressed bytes can come out of `compressedSize`: a stored member holds
 * exactly its bytes and DEFLATE expands at most 1032:1, so a larger declared size is a lie told to
 * make a reader allocate. LIMIT_EXCEEDED past a caller's smaller `maxRatio`. Checked before
 * anything is allocated or inflated.
 */
export function checkRatio(
  name: string,
  method: number,
  compressedSize: number,
  size: number,
  offset?: number,
  maxRatio = MAX_RATIO,
) {
  const found = `${member(name)} declares ${size} bytes from ${compressedSize} compressed`;
  if (method === METHOD_STORED ? size !== compressedSize : size > compressedSize * MAX_RATIO + 1024)
    fail(`${found}: impossible`, offset);
  if (maxRatio < MAX_RATIO && size > compressedSize * maxRatio)
    throw overLimit(found, "maxRatio", maxRatio, offset);
}

/** LIMIT_EXCEEDED for an archive of more than `maxMembers` members. */
export function checkMembers(count: number, maxMembers = MAX_MEMBERS, offset?: number, atLeast = false) {
  if (count > maxMembers)
    throw overLimit(
      `the archive holds ${atLeast ? "at least " : ""}${count} members`,
      "maxMembers",
      maxMembers,
      offset,
    );
}

/** LIMIT_EXCEEDED for a member of `size` bytes when only `left` remain of maxTotalBytes. */
export const overBudget = (name: string, size: number, left: number) =>
  overLimit(`${member(name)} needs ${size} bytes`, "maxTotalBytes", `${left} left`);
