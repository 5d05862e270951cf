import type { ByteSource } from "@npyio/stream";
import { bytesSource } from "@npyio/stream";

/**
 * The bytes of a stored (uncompressed) member as a {@link ByteSource} of its own: `size` bytes from
 * `offset` in the archive's `source`. Reads inside `first` (bytes of the member already read with its
 * local header) are served from memory, so opening a member's .npy header costs no second read.
 */
export function storedMemberSource(
  source: ByteSource,
  offset: number,
  size: number,
  first: Uint8Array,
): ByteSource {
  const known = bytesSource(first);
  return {
    size,
    read(at, length, options) {
      // reads past the member's end stop there, as at the end of any source
      const n = Math.max(0, Math.min(length, size - at));
      if (at + n <= first.length) return known.read(at, n, options);
      return source.read(offset + at, n, options);
    },
  };
}
