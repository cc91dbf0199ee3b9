/**
 * The identity service's ID types (Go `identity/pkg/ids`): seven distinct UUID-backed types, parsed with Go's uuid
 * grammar (core-client `parseUUID`) and always held in canonical lower-case form. The brands keep them apart at
 * compile time, as Go's named types do: a `ProjectID` cannot be passed where an `OrganizationID` is expected.
 */

import { InvalidUUIDError, type UUIDOf, uuidType } from '@unikorn-cloud/core-client';

/** An organization ID. */
export type OrganizationID = UUIDOf<'OrganizationID'>;
/** A project ID. */
export type ProjectID = UUIDOf<'ProjectID'>;
/** A service account ID. */
export type ServiceAccountID = UUIDOf<'ServiceAccountID'>;
/** A user ID. */
export type UserID = UUIDOf<'UserID'>;
/** A group ID. */
export type GroupID = UUIDOf<'GroupID'>;
/** An OAuth2 provider ID. */
export type OAuth2ProviderID = UUIDOf<'OAuth2ProviderID'>;
/** A quota allocation ID. */
export type AllocationID = UUIDOf<'AllocationID'>;

/** Conversions of {@link OrganizationID} (`parse`, `mustParse`, `unmarshalText`). */
export const OrganizationIDs = uuidType('OrganizationID');
/** Conversions of {@link ProjectID}. */
export const ProjectIDs = uuidType('ProjectID');
/** Conversions of {@link ServiceAccountID}. */
export const ServiceAccountIDs = uuidType('ServiceAccountID');
/** Conversions of {@link UserID}. */
export const UserIDs = uuidType('UserID');
/** Conversions of {@link GroupID}. */
export const GroupIDs = uuidType('GroupID');
/** Conversions of {@link OAuth2ProviderID}. */
export const OAuth2ProviderIDs = uuidType('OAuth2ProviderID');
/** Conversions of {@link AllocationID}. */
export const AllocationIDs = uuidType('AllocationID');

/**
 * Go `ParseOrganizationID`.
 * @throws InvalidUUIDError with Go's text, unwrapped (e.g. `invalid UUID length: 10`).
 */
export const parseOrganizationID = (text: string): OrganizationID => OrganizationIDs.parse(text);
/** Go `ParseProjectID`. @throws InvalidUUIDError with Go's text. */
export const parseProjectID = (text: string): ProjectID => ProjectIDs.parse(text);
/** Go `ParseServiceAccountID`. @throws InvalidUUIDError with Go's text. */
export const parseServiceAccountID = (text: string): ServiceAccountID => ServiceAccountIDs.parse(text);
/** Go `ParseUserID`. @throws InvalidUUIDError with Go's text. */
export const parseUserID = (text: string): UserID => UserIDs.parse(text);
/** Go `ParseGroupID`. @throws InvalidUUIDError with Go's text. */
export const parseGroupID = (text: string): GroupID => GroupIDs.parse(text);
/** Go `ParseOAuth2ProviderID`. @throws InvalidUUIDError with Go's text. */
export const parseOAuth2ProviderID = (text: string): OAuth2ProviderID => OAuth2ProviderIDs.parse(text);
/** Go `ParseAllocationID`. @throws InvalidUUIDError with Go's text. */
export const parseAllocationID = (text: string): AllocationID => AllocationIDs.parse(text);

/**
 * Runs a parse and wraps a uuid failure as Go's `fmt.Errorf("%w: <detail>", err)` does, e.g.
 * `invalid UUID length: 10: invalid organization ID in principal`; other errors pass through.
 */
export function parseWithDetail<T>(parse: () => T, detail: string): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof InvalidUUIDError ? error.wrap(detail) : error;
  }
}
