/**
 * Region resource IDs are UUIDs (Go `region/pkg/ids`), parsed with core-client's implementation of Go's uuid
 * grammar (`parseUUID`) and sent in canonical lower-case form.
 */

import { InvalidUUIDError, parseUUID, type UUIDOf, uuidType } from '@unikorn-cloud/core-client';

export { InvalidUUIDError, parseUUID };

/** A network ID in canonical lower-case form. */
export type NetworkID = UUIDOf<'NetworkID'>;

const NetworkIDs = uuidType('NetworkID');

/**
 * Parses a network ID with Go's uuid grammar.
 *
 * @throws InvalidUUIDError with Go's text, e.g. `invalid UUID length: 10`.
 */
export function parseNetworkID(text: string): NetworkID {
  return NetworkIDs.parse(text);
}
