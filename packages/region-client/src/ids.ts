/**
 * Region resource IDs are UUIDs (Go `region/pkg/ids`). Parsing follows Go's `uuid.Parse`: canonical
 * `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, `{…}`, `urn:uuid:…` and 32 bare hex digits are accepted, in any case;
 * the result is the canonical lower-case form sent on the wire.
 */

import { UnikornError, type UnikornErrorOptions } from '@unikorn-cloud/core-client';

/** A malformed UUID; the message is Go `uuid.Parse`'s text. */
export class InvalidUUIDError extends UnikornError {
  override readonly name = 'InvalidUUIDError';
  readonly code = 'ERR_INVALID_UUID';
  readonly sentinel = 'invalid UUID';

  constructor(message: string, options?: UnikornErrorOptions) {
    super(message, options);
  }
}

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BARE = /^[0-9a-f]{32}$/i;

/** A network ID in canonical lower-case form. */
export type NetworkID = string & { readonly __brand: 'NetworkID' };

/**
 * Go `uuid.Parse` + `String()`: validates `text` and returns the canonical lower-case UUID.
 *
 * @throws InvalidUUIDError `invalid UUID length: <n>` or `invalid UUID format`.
 */
export function parseUUID(text: string): string {
  let body = text;
  if (text.length === 45) {
    if (text.slice(0, 9).toLowerCase() !== 'urn:uuid:') throw new InvalidUUIDError('invalid urn prefix');
    body = text.slice(9);
  } else if (text.length === 38) {
    if (text[0] !== '{' || text[37] !== '}') throw new InvalidUUIDError('invalid UUID format');
    body = text.slice(1, 37);
  } else if (text.length === 32) {
    if (!BARE.test(text)) throw new InvalidUUIDError('invalid UUID format');
    body = `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  } else if (text.length !== 36) {
    throw new InvalidUUIDError(`invalid UUID length: ${text.length}`);
  }
  if (!CANONICAL.test(body)) throw new InvalidUUIDError('invalid UUID format');
  return body.toLowerCase();
}

/** Parses a network ID (see {@link parseUUID}). */
export function parseNetworkID(text: string): NetworkID {
  return parseUUID(text) as NetworkID;
}
