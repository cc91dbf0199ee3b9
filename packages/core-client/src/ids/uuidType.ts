/**
 * Distinct UUID-backed ID types, the TypeScript form of Go's `type OrganizationID uuid.UUID`: each is a canonical
 * lower-case UUID string carrying a compile-time brand, so an ID of one type cannot be passed where another is
 * expected. At run time an ID is just its text: `String(id)`, template literals and `JSON.stringify` all give the
 * canonical form, as Go's `String()` / `MarshalText()` do.
 */

import { mustParseUUID, parseUUID, parseUUIDBytes } from './uuid';

declare const uuidBrand: unique symbol;

/** A canonical lower-case UUID of the ID type named `B`. */
export type UUIDOf<B extends string> = string & { readonly [uuidBrand]: B };

/** The conversions of one ID type (Go `Parse<T>`, `MustParse<T>`, `UnmarshalText`). */
export interface UUIDType<B extends string> {
  /** The type's name, e.g. `OrganizationID`. */
  readonly name: B;
  /**
   * Go `Parse<T>(s)`: Go's uuid grammar, canonical result.
   * @throws InvalidUUIDError with Go's text, unwrapped.
   */
  parse(text: string): UUIDOf<B>;
  /**
   * Go `MustParse<T>(s)`, for values known to be valid.
   * @throws InvalidUUIDError `uuid: Parse(<text>): <error>`.
   */
  mustParse(text: string): UUIDOf<B>;
  /**
   * Go `(*T).UnmarshalText(b)` (`uuid.ParseBytes`).
   * @throws InvalidUUIDError with Go's text.
   */
  unmarshalText(bytes: Uint8Array): UUIDOf<B>;
}

/** Defines an ID type: `const OrganizationIDs = uuidType('OrganizationID'); type OrganizationID = UUIDOf<'OrganizationID'>`. */
export function uuidType<B extends string>(name: B): UUIDType<B> {
  return Object.freeze({
    name,
    parse: (text: string) => parseUUID(text) as UUIDOf<B>,
    mustParse: (text: string) => mustParseUUID(text) as UUIDOf<B>,
    unmarshalText: (bytes: Uint8Array) => parseUUIDBytes(bytes) as UUIDOf<B>,
  });
}
