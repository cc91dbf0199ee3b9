/**
 * Go `time.Duration` text, as used by flags such as `--client-certificate-reload-interval=24h`.
 *
 * Durations are represented in milliseconds (a JavaScript number, possibly fractional for `ns`/`us` units).
 */

import { ParseFlagError } from '../errors/errors';

const NANOSECONDS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek small letter mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Largest duration Go can represent: 2^63-1 nanoseconds (as a double). */
const MAX_NANOSECONDS = 2 ** 63 - 1;

/** Go's `%q`-style quoting is close enough to JSON string quoting for error texts. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * Parses a Go duration string (`time.ParseDuration` syntax) into milliseconds.
 *
 * Accepted: an optional sign followed by one or more `<decimal><unit>` pairs, e.g. `24h`, `90m`, `1h30m`,
 * `1.5h`, `300ms`, `-1s`, plus the bare `0`. Units: `ns`, `us`, `µs`, `ms`, `s`, `m`, `h`.
 *
 * @param text - The duration text.
 * @returns The duration in milliseconds.
 * @throws ParseFlagError naming the offending value (Go's `time: invalid duration "…"` wording).
 */
export function parseGoDuration(text: string): number {
  const invalid = (): never => {
    throw new ParseFlagError(`time: invalid duration ${quote(text)}`);
  };

  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') {
    return 0;
  }
  if (rest === '') {
    invalid();
  }

  let totalNanoseconds = 0;
  while (rest !== '') {
    const match = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = match?.[1] ?? '';
    const fraction = match?.[2] ?? '';
    if (whole === '' && fraction === '') {
      invalid();
    }
    rest = rest.slice(match?.[0].length ?? 0);

    const unitMatch = /^[^\d.]+/.exec(rest);
    if (!unitMatch) {
      throw new ParseFlagError(`time: missing unit in duration ${quote(text)}`);
    }
    const unit = unitMatch[0];
    const scale = NANOSECONDS_PER_UNIT[unit];
    if (scale === undefined) {
      throw new ParseFlagError(`time: unknown unit ${quote(unit)} in duration ${quote(text)}`);
    }
    rest = rest.slice(unit.length);

    const wholeValue = whole === '' ? 0 : Number(whole);
    const fractionValue = fraction === '' ? 0 : Number(`0.${fraction}`);
    totalNanoseconds += wholeValue * scale + Math.trunc(fractionValue * scale);
    if (totalNanoseconds > MAX_NANOSECONDS) {
      invalid();
    }
  }

  const milliseconds = totalNanoseconds / 1e6;
  return negative ? -milliseconds : milliseconds;
}

/**
 * Formats milliseconds the way Go's `time.Duration.String()` does: `24h0m0s`, `1h30m0s`, `1.5s`, `300ms`, `0s`.
 *
 * @param ms - Duration in milliseconds (fractions below one nanosecond are dropped).
 * @returns The Go duration text.
 */
export function formatGoDuration(ms: number): string {
  let nanoseconds = BigInt(Math.round(ms * 1e6));
  if (nanoseconds === 0n) {
    return '0s';
  }
  const sign = nanoseconds < 0n ? '-' : '';
  if (nanoseconds < 0n) {
    nanoseconds = -nanoseconds;
  }

  if (nanoseconds < 1_000_000_000n) {
    // Below one second Go picks the largest sub-second unit and prints a decimal fraction.
    const [unit, scale] =
      nanoseconds < 1_000n ? ['ns', 1n] : nanoseconds < 1_000_000n ? ['µs', 1_000n] : ['ms', 1_000_000n];
    return sign + decimal(nanoseconds, scale) + unit;
  }

  const hours = nanoseconds / 3_600_000_000_000n;
  const minutes = (nanoseconds / 60_000_000_000n) % 60n;
  const secondsNanos = nanoseconds % 60_000_000_000n;
  let text = '';
  if (hours > 0n) {
    text += `${hours}h`;
  }
  if (hours > 0n || minutes > 0n) {
    text += `${minutes}m`;
  }
  return sign + text + decimal(secondsNanos, 1_000_000_000n) + 's';
}

/** `value / scale` as a decimal with trailing zeros (and a bare dot) removed. */
function decimal(value: bigint, scale: bigint): string {
  const whole = value / scale;
  const fraction = value % scale;
  if (fraction === 0n) {
    return whole.toString();
  }
  const digits = scale.toString().length - 1;
  return `${whole}.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}
