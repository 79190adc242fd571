/** When a JSON number survives JSON.parse, and what it is read as when it does not. */
import { MINUS, ZERO } from './chars.js';

/** How a number is lost: an integer's digits rounded, a magnitude beyond every double, or one below every double's, read as 0. */
export type PrecisionLoss = 'integer' | 'overflow' | 'underflow';

/** The mantissa of a literal (before any exponent) holds a digit other than 0. */
const nonZeroMantissa = /^-?0*\.?0*[1-9]/;

/**
 * What JSON.parse loses of a number literal: undefined when it reads it exactly (as exactly as the text
 * says: 0.1 is 0.1), else what it reads and how it was lost.
 */
export function lostPrecision(literal: string, integer: boolean): { readonly read: string; readonly loss: PrecisionLoss } | undefined {
  const digits = literal.charCodeAt(0) === MINUS ? literal.length - 1 : literal.length;
  // Integers of up to fifteen digits always survive a double, so the common case skips all conversions.
  if (integer && digits <= 15) return undefined;
  const value = Number(literal);
  // 1e-400 is no zero, but no double is that small: JSON.parse reads 0 (or -0) without a word.
  if (value === 0 && !integer && nonZeroMantissa.test(literal)) return { read: Object.is(value, -0) ? '-0' : '0', loss: 'underflow' };
  let lossy = !Number.isFinite(value);
  let exact: bigint | undefined;
  if (integer) {
    // Past the magnitude denotedInteger bounds, an integer is worded as 1e401 is, whatever its form.
    exact = digits - 1 > largestExponent ? undefined : BigInt(literal);
    lossy ||= exact !== undefined && exact !== BigInt(value);
  } else {
    // An integer written with a fraction or an exponent (9007199254740993.0, 9.007199254740993e15) loses
    // digits when the number JSON.parse reads prints back as another integer. 123e20 prints back as
    // 1.23e+22, the same decimal number: nothing written was lost, so it passes.
    // The same holds when the double is exactly the integer written (9.223372036854775808e18 is 2^63, which
    // prints back as 9223372036854776000).
    exact = denotedInteger(literal);
    lossy ||= exact !== undefined && exact !== denotedInteger(String(value)) && exact !== BigInt(value);
  }
  if (!lossy) return undefined;
  if (!Number.isFinite(value)) return { read: value > 0 ? 'Infinity' : '-Infinity', loss: exact === undefined ? 'overflow' : 'integer' };
  return { read: String(value), loss: exact === undefined ? 'overflow' : 'integer' };
}

/**
 * Magnitudes beyond 10^400 are out of the range of doubles, and no integer is built for them (1e1000000
 * would take a million digits): such a number is reported as not finite instead.
 */
const largestExponent = 400;

/**
 * The integer a JSON number with a fraction or an exponent denotes, when it denotes one (1.0, 12e3,
 * 1.5e1); undefined for a true fraction (0.5) and for magnitudes beyond any double.
 */
export function denotedInteger(literal: string): bigint | undefined {
  const match = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(literal);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  // The value is digits × 10^scale; trailing zeros of the digits move into the scale.
  let digits = whole + fraction;
  let scale = Number(exponent) - fraction.length;
  let end = digits.length;
  while (scale < 0 && end > 1 && digits.charCodeAt(end - 1) === ZERO) {
    end -= 1;
    scale += 1;
  }
  digits = digits.slice(0, end);
  if (scale < 0) return /^0+$/.test(digits) ? 0n : undefined;
  const leading = digits.search(/[1-9]/);
  if (leading === -1) return 0n;
  // The bound is on the magnitude (the exponent of the leading digit), not on the scale, so that the
  // forms of one value (1e401, 100e399, 0.01e403) are all within it or none is.
  if (digits.length - leading - 1 + scale > largestExponent) return undefined;
  return BigInt(`${sign}${digits}${'0'.repeat(scale)}`);
}
