/**
 * Go `fmt` default formatting of error arguments, which Go's server errors use for their descriptions
 * (`Sprintln` rule) and for the `WWW-Authenticate` challenge of `AccessDenied` (`Sprint` rule).
 *
 * Hand-written because the exact spacing rules are wire-visible: the two rules differ when several operands are
 * given, and a TS server must produce the same texts as a Go one.
 */

/**
 * A value a server-error constructor accepts. Formatted as Go's `%v` formats the equivalent Go value: strings as
 * they are, integral numbers as Go integers, other numbers as Go `float64` (`1.5`, `1e+06`, `NaN`, `+Inf`),
 * bigints in decimal, booleans as `true`/`false`, an `Error` as its message and `null`/`undefined` as `<nil>`.
 */
export type ErrorArgument = string | number | bigint | boolean | Error | null | undefined;

// Go strconv 'g' formatting with the shortest representation, as fmt's %v uses for float64: exponent form when
// the decimal exponent is below -4 or at least 6 (the "shortest" precision rule), with at least two exponent digits.
function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // JavaScript writes plain decimals in this exponent range with the same shortest digits.
  return Object.is(value, -0) ? '-0' : String(value);
}

function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) {
    return Object.is(value, -0) ? '0' : String(value);
  }
  return formatFloat(value);
}

/** One operand in Go's default (`%v`) format. */
export function formatArgument(argument: ErrorArgument): string {
  if (typeof argument === 'string') return argument;
  if (typeof argument === 'number') return formatNumber(argument);
  if (typeof argument === 'bigint' || typeof argument === 'boolean') return String(argument);
  if (argument === null || argument === undefined) return '<nil>';
  return argument.message;
}

/** Go `fmt.Sprintln` without its trailing newline: every operand formatted, always joined by single spaces. */
export function sprintln(args: readonly ErrorArgument[]): string {
  return args.map(formatArgument).join(' ');
}

/** Go `fmt.Sprint`: operands concatenated, with a space only between two adjacent operands that are both non-strings. */
export function sprint(args: readonly ErrorArgument[]): string {
  let text = '';
  for (let index = 0; index < args.length; index++) {
    if (index > 0 && typeof args[index] !== 'string' && typeof args[index - 1] !== 'string') {
      text += ' ';
    }
    text += formatArgument(args[index]);
  }
  return text;
}
