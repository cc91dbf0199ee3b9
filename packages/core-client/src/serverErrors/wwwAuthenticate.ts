/**
 * Go core's `WWWAuthenticateHeader`: challenges sorted by name, fields sorted by key, each field written
 * `key="value"` with the value verbatim (no escaping of `"` or `\`), fields joined by `,`, challenges by `, `.
 *
 * Hand-written for exact Go output: a standards-conformant encoder would quote-escape values, which Go does not.
 */

/** The header name Go's `AccessDenied` sets (RFC 7235 / RFC 6750). */
export const AuthenticateHeader = 'WWW-Authenticate';

// Go sorts strings by their bytes; JavaScript's default sort compares UTF-16 code units, which differs above U+FFFF.
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Builds a `WWW-Authenticate` value deterministically, exactly like Go core's encoder. */
export class WWWAuthenticateHeader {
  private readonly challenges = new Map<string, Map<string, string>>();

  /** Adds (or replaces) the field `key` of challenge `challenge` (e.g. `Bearer`). */
  addField(challenge: string, key: string, value: string): this {
    let fields = this.challenges.get(challenge);
    if (fields === undefined) {
      fields = new Map();
      this.challenges.set(challenge, fields);
    }
    fields.set(key, value);
    return this;
  }

  /** The header value, e.g. `Bearer error="access_denied",error_description="cat"`. */
  encode(): string {
    return [...this.challenges.keys()]
      .sort(byteOrder)
      .map((challenge) => {
        const fields = this.challenges.get(challenge) ?? new Map<string, string>();
        const encoded = [...fields.keys()].sort(byteOrder).map((key) => `${key}="${fields.get(key)}"`);
        return `${challenge} ${encoded.join(',')}`;
      })
      .join(', ');
  }
}
