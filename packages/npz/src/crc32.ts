/**
 * CRC-32 (ISO-HDLC, the zip and gzip checksum), table-driven with slicing-by-8: eight lookups per
 * eight input bytes instead of one per byte. The tables are built on first use, so importing the
 * package costs nothing.
 */
let tables: Int32Array | undefined;

function buildTables(): Int32Array {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 2048; n++) {
    // table 0 is the bytewise CRC; table k advances table k - 1's entry by one more zero byte
    let c = n < 256 ? n : t[n - 256]!;
    if (n < 256) for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    else c = t[c & 0xff]! ^ (c >>> 8);
    t[n] = c;
  }
  return t;
}

/**
 * The CRC-32 of `data`, continuing from `crc` (the value returned for the bytes before it), so a
 * stream's checksum can be computed chunk by chunk: `crc32(b, crc32(a)) === crc32(concat(a, b))`.
 *
 * @example
 * ```ts
 * crc32(new TextEncoder().encode("123456789")); // 0xcbf43926
 * ```
 */
export function crc32(data: Uint8Array, crc = 0): number {
  if (!tables) tables = buildTables();
  const t = tables;
  let c = ~crc;
  let i = 0;
  const n = data.length;
  const end8 = n - (n & 7);
  for (; i < end8; i += 8) {
    const a = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    const b = data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + (b & 0xff)]! ^
      t[512 + ((b >>> 8) & 0xff)]! ^
      t[256 + ((b >>> 16) & 0xff)]! ^
      t[b >>> 24]!;
  }
  for (; i < n; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
