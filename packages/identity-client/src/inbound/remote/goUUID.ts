/**
 * Go google/uuid `Parse` (v1.6.0), which identity's remote `GetACL` applies to the organization before the ACL call:
 * chosen by byte length (36 canonical, 38 with any two outer bytes, 45 `urn:uuid:` case-insensitively, 32 hex).
 */

/** The canonical lowercase form of a UUID as Go parses it. @throws Error with Go's text. */
export function parseGoUUID(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let body: string;
  switch (bytes.length) {
    case 36:
      body = text;
      break;
    case 38:
      body = bytes.subarray(1, 37).toString('latin1');
      break;
    case 45: {
      const prefix = bytes.subarray(0, 9).toString('latin1');
      if (prefix.toLowerCase() !== 'urn:uuid:') throw new Error(`invalid urn prefix: ${JSON.stringify(prefix)}`);
      body = bytes.subarray(9).toString('latin1');
      break;
    }
    case 32:
      if (!/^[0-9a-fA-F]{32}$/.test(text)) throw new Error('invalid UUID format');
      return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`.toLowerCase();
    default:
      throw new Error(`invalid UUID length: ${bytes.length}`);
  }
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(body)) {
    throw new Error('invalid UUID format');
  }
  return body.toLowerCase();
}
