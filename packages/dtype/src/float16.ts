// Half-precision floats travel as bits. Conversions go bits → bits through integer views so no value
// passes through a JS number, which could quiet a signaling NaN or rewrite its payload.

let table: Uint32Array | undefined;

/** float32 bits for every float16 bit pattern, built on first use (256 KiB). */
function halfTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(65536);
  const values = new Float32Array(table.buffer);
  for (let h = 0; h < 65536; h++) {
    const exp = (h >>> 10) & 0x1f;
    const man = h & 0x3ff;
    // Inf, NaN: the payload moves up unchanged
    if (exp === 0x1f) table[h] = ((h & 0x8000) << 16) | 0x7f800000 | (man << 13);
    // every finite float16 (subnormals, -0) is a float32 exactly, so its value can go through a number
    else values[h] = (h & 0x8000 ? -1 : 1) * (exp ? man + 1024 : man) * 2 ** ((exp || 1) - 25);
  }
  return table;
}

/** Widens float16 bit patterns into float32 bit patterns; every value (and NaN payload) is exact. */
export function halfToSingleBits(half: Uint16Array, single: Uint32Array): void {
  const t = halfTable();
  for (let i = 0; i < half.length; i++) single[i] = t[half[i]!]!;
}

/**
 * Narrows float32 bit patterns to float16, rounding to nearest even like numpy's `astype('f2')`.
 * Values that came from float16 come back bit for bit, NaN payloads included.
 */
export function singleToHalfBits(single: Uint32Array, half: Uint16Array): void {
  for (let i = 0; i < single.length; i++) half[i] = singleToHalf(single[i]!);
}

function singleToHalf(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const man = x & 0x7fffff;
  if (exp === 0xff) {
    if (man === 0) return sign | 0x7c00;
    // keep the top payload bits; if only low bits were set, keep it a NaN as numpy does (0x7c01)
    return sign | 0x7c00 | (man >>> 13 || 1);
  }
  const e = exp - 112; // float16 biased exponent
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = man | 0x800000;
    const shift = 14 - e;
    const rest = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    let r = m >>> shift;
    if (rest > half || (rest === half && r & 1)) r++;
    return sign | r;
  }
  let r = (e << 10) | (man >>> 13);
  const rest = man & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && r & 1)) r++; // a carry into the exponent is correct, up to Inf
  return sign | r;
}

/**
 * The float16 bit pattern nearest to `x` (ties to even), as numpy's `npy_double_to_half`: rounding
 * once from the value, not through float32, which could round twice. NaN gives 0x7e00 (callers that
 * keep NaN payloads convert NaNs from their bits).
 */
export function roundToHalfBits(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (Number.isNaN(a)) return 0x7e00;
  if (a >= 65520) return sign | 0x7c00; // halfway between float16's largest (65504) and 2^16 rounds up
  if (a < 2 ** -14) return sign | roundEven(a * 2 ** 24); // subnormals count in steps of 2^-24 (exact)
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  // 1024 + the 10 fraction bits, rounded; a carry to 2048 moves into the exponent, as it should
  return sign | (((e + 15) << 10) + roundEven(a * 2 ** (10 - e)) - 1024);
}

/** `m` (≥ 0, exact) rounded to the nearest integer, ties to even. */
function roundEven(m: number): number {
  const low = Math.floor(m);
  const rest = m - low;
  return rest > 0.5 || (rest === 0.5 && low % 2 === 1) ? low + 1 : low;
}
