/**
 * Decimal digits of binary floats the way numpy's Dragon4 produces them (`format_float_positional`
 * and `format_float_scientific` with `unique=True`): the shortest digits that round-trip at the
 * value's own precision (half, single or double), cut at `precision` digits with exact
 * round-half-even when the shortest form is longer.
 */

/**
 * Bits of the IEEE type a value came from: f2, f4 or f8.
 *
 * @example
 * ```ts
 * const bits: FloatBits = 32; // a float32 value
 * ```
 */
export type FloatBits = 16 | 32 | 64;

/** Options shared by {@link formatPositional} and {@link formatScientific}, named as numpy names them. */
export interface DigitOptions {
  /** Most digits after the point (positional: fraction digits; scientific: mantissa digits after the point). */
  precision: number;
  /** Pad the fraction with zeros to at least this many digits (numpy's `min_digits`). */
  minDigits?: number;
  /** `"."`: drop trailing zeros but keep the point; `"k"`: keep them. */
  trim?: "." | "k";
  /** Print `+` before non-negative values. */
  sign?: boolean;
  /** Pad the integer part (with its sign) with spaces on the left to this width. */
  padLeft?: number;
  /** Positional only: pad the fraction with spaces on the right to this width. */
  padRight?: number;
  /** Scientific only: at least this many exponent digits (default 2). */
  expDigits?: number;
}

/** Digits d1 d2 … dn and exponent e of a positive value d1.d2…dn × 10^e. */
interface Decimal {
  digits: string;
  exp: number;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/**
 * Round a double to the nearest binary16 value (ties to even), as numpy's `float16` cast.
 *
 * @example
 * ```ts
 * roundToFloat16(0.1); // 0.0999755859375
 * ```
 */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Infinity : -Infinity;
  // spacing of binary16 values around a: 2^(exponent - 10), never finer than the subnormal step 2^-24
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  e = Math.max(e, -14);
  const step = 2 ** (e - 10);
  let q = a / step;
  const fl = Math.floor(q);
  const diff = q - fl;
  q = diff > 0.5 || (diff === 0.5 && fl % 2 === 1) ? fl + 1 : fl;
  return Math.sign(x) * q * step;
}

function roundTo(bits: FloatBits, x: number): number {
  return bits === 64 ? x : bits === 32 ? Math.fround(x) : roundToFloat16(x);
}

function splitExponential(s: string): Decimal {
  const [mantissa = "", exponent = "0"] = s.split("e");
  const digits = mantissa.replace(".", "").replace(/0+$/, "") || "0";
  return { digits, exp: Number(exponent) };
}

/**
 * Shortest round-tripping digits of a positive finite value at the given precision; among equally
 * short candidates the nearest, ties to even (as Dragon4, unlike `toExponential`'s ties-up).
 */
function shortest(a: number, bits: FloatBits): Decimal {
  const exact = splitExponential(a.toExponential());
  if (bits === 64) return exact;
  for (let p = 1; p <= exact.digits.length; p++) {
    const d = roundedDigits(a, exact.exp, p - 1);
    if (roundTo(bits, Number(`${d.digits}e${d.exp - d.digits.length + 1}`)) === a) {
      return { digits: d.digits.replace(/(.)0+$/, "$1"), exp: d.exp };
    }
  }
  return exact;
}

/** `a` rounded (half to even) to `frac` digits after the point of d.ddd × 10^exp. */
function roundedDigits(a: number, exp: number, frac: number): Decimal {
  let digits = roundScaled(a, frac - exp).toString();
  // rounding up a run of nines carries into a new leading digit: 9.99…e0 → 1.00…e1
  if (digits.length > frac + 1) {
    digits = digits.slice(0, frac + 1);
    exp += 1;
  }
  return { digits, exp };
}

/** round(a × 10^scale) with ties to even, computed exactly from the binary value of `a`. */
function roundScaled(a: number, scale: number): bigint {
  f64[0] = a;
  const raw = u64[0]!;
  const biased = Number((raw >> 52n) & 0x7ffn);
  const fraction = raw & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | 0x10000000000000n;
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  let num = mantissa;
  let den = 1n;
  if (exp2 >= 0) num <<= BigInt(exp2);
  else den <<= BigInt(-exp2);
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  const q = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/** The decimal of `a` with at most `precision` digits after the point, positional. */
function positionalDigits(
  a: number,
  bits: FloatBits,
  precision: number,
  minDigits: number,
): { int: string; frac: string } {
  if (a === 0) return { int: "0", frac: "" };
  const d = shortest(a, bits);
  const fracLen = d.digits.length - 1 - d.exp;
  // past the shortest digits, Dragon4 prints the exact value's digits (min_digits), rounded at the cutoff
  const cut = fracLen > precision ? precision : fracLen < minDigits ? minDigits : -1;
  if (cut >= 0) {
    const q = roundScaled(a, cut)
      .toString()
      .padStart(cut + 1, "0");
    return { int: q.slice(0, q.length - cut), frac: q.slice(q.length - cut) };
  }
  if (d.exp < 0) return { int: "0", frac: "0".repeat(-d.exp - 1) + d.digits };
  const int = d.digits.slice(0, d.exp + 1).padEnd(d.exp + 1, "0");
  return { int, frac: d.digits.slice(d.exp + 1) };
}

/** The mantissa digits of `a` with at most `precision` digits after the point, and its exponent. */
function scientificDigits(a: number, bits: FloatBits, precision: number, minDigits: number): Decimal {
  if (a === 0) return { digits: "0", exp: 0 };
  const d = shortest(a, bits);
  const fracLen = d.digits.length - 1;
  const cut = fracLen > precision ? precision : fracLen < minDigits ? minDigits : -1;
  if (cut < 0) return d;
  return roundedDigits(a, d.exp, cut);
}

function finish(frac: string, options: DigitOptions): string {
  let f = options.trim === "k" ? frac : frac.replace(/0+$/, "");
  const minDigits = options.minDigits ?? 0;
  if (f.length < minDigits) f = f.padEnd(minDigits, "0");
  return f;
}

function signOf(x: number, sign: boolean | undefined): string {
  if (x < 0 || Object.is(x, -0)) return "-";
  return sign ? "+" : "";
}

/** numpy's `format_float_positional(x, precision, unique=True, fractional=True, …)` for finite `x`. */
export function formatPositional(x: number, bits: FloatBits, options: DigitOptions): string {
  const { int, frac } = positionalDigits(Math.abs(x), bits, options.precision, options.minDigits ?? 0);
  const head = (signOf(x, options.sign) + int).padStart(options.padLeft ?? 0, " ");
  const tail = finish(frac, options);
  return `${head}.${tail.padEnd(options.padRight ?? 0, " ")}`;
}

/** numpy's `format_float_scientific(x, precision, unique=True, …)` for finite `x`. */
export function formatScientific(x: number, bits: FloatBits, options: DigitOptions): string {
  const { digits, exp } = scientificDigits(Math.abs(x), bits, options.precision, options.minDigits ?? 0);
  const head = (signOf(x, options.sign) + digits.slice(0, 1)).padStart(options.padLeft ?? 0, " ");
  const tail = finish(digits.slice(1), options);
  const expText = String(Math.abs(exp)).padStart(Math.max(options.expDigits ?? 2, 1), "0");
  return `${head}.${tail}e${exp < 0 ? "-" : "+"}${expText}`;
}

/**
 * `str()` of a numpy float scalar (and Python's `repr(float)`): shortest digits, positional when
 * 1e-4 ≤ |x| < 1e16 (with `.0` for whole numbers), else scientific without a trailing point.
 *
 * @example
 * ```ts
 * formatFloatScalar(Math.fround(0.1), 32); // "0.1"
 * formatFloatScalar(1e20, 64); // "1e+20"
 * ```
 */
export function formatFloatScalar(x: number, bits: FloatBits): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-4 && a < 1e16)) {
    const s = formatPositional(x, bits, { precision: 64 });
    return s.endsWith(".") ? `${s}0` : s;
  }
  const { digits, exp } = shortest(a, bits);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${signOf(x, false)}${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}
