import { describe, expect, it } from '@jest/globals';
import { InvalidUUIDError } from '@unikorn-cloud/core-client';
import {
  AllocationIDs,
  GroupIDs,
  OAuth2ProviderIDs,
  OrganizationIDs,
  ProjectIDs,
  parseAllocationID,
  parseGroupID,
  parseOAuth2ProviderID,
  parseOrganizationID,
  parseProjectID,
  parseServiceAccountID,
  parseUserID,
  ServiceAccountIDs,
  UserIDs,
} from '../../src/identity/ids';
import {
  isProjectScopeReader,
  labelScopeReader,
  ownedByOrganization,
  ownedByProject,
  type ProjectScopeReader,
  sameProject,
} from '../../src/identity/scope';

const ID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const ORG1 = parseOrganizationID('9a1b6d62-6f47-4b3c-9d0e-3f2a7c1e5b10');
const ORG2 = parseOrganizationID('0b9a4ef4-5d49-4b3c-a8f1-5b1c2f1d9a01');
const PROJ1 = parseProjectID('c3d4e5f6-0718-4a29-8b3c-4d5e6f708192');
const PROJ2 = parseProjectID('6f1d2e3c-4b5a-4c7d-8e9f-0a1b2c3d4e5f');

const types = [
  ['OrganizationID', OrganizationIDs, parseOrganizationID],
  ['ProjectID', ProjectIDs, parseProjectID],
  ['ServiceAccountID', ServiceAccountIDs, parseServiceAccountID],
  ['UserID', UserIDs, parseUserID],
  ['GroupID', GroupIDs, parseGroupID],
  ['OAuth2ProviderID', OAuth2ProviderIDs, parseOAuth2ProviderID],
  ['AllocationID', AllocationIDs, parseAllocationID],
] as const;

describe('every identity ID type round-trips the canonical text', () => {
  it.each(types)('%s: Parse, String(), MarshalText, %%s / %%v and UnmarshalText', (name, type, parse) => {
    const id = parse(ID);
    expect(type.name).toBe(name);
    expect(type.parse(ID)).toBe(id);
    expect(String(id)).toBe(ID);
    expect(`${id}`).toBe(ID);
    expect(JSON.parse(JSON.stringify(id))).toBe(ID);
    expect(type.unmarshalText(new TextEncoder().encode(String(id)))).toBe(id);
  });
});

describe('not-a-uuid is rejected by every identity ID type', () => {
  it.each(types)('%s: Parse and UnmarshalText fail, MustParse throws the panic text', (_, type, parse) => {
    expect(() => parse('not-a-uuid')).toThrow(new InvalidUUIDError('invalid UUID length: 10'));
    expect(() => type.unmarshalText(new TextEncoder().encode('not-a-uuid'))).toThrow(InvalidUUIDError);
    expect(() => type.mustParse('not-a-uuid')).toThrow('uuid: Parse(not-a-uuid): invalid UUID length: 10');
  });
});

function reader(organization: string, project: string): ProjectScopeReader {
  return {
    organizationID: () => parseOrganizationID(organization),
    organizationAndProjectID: () => [parseOrganizationID(organization), parseProjectID(project)] as const,
  };
}

const failing: ProjectScopeReader = {
  organizationID: () => {
    throw new Error('scope unreadable');
  },
  organizationAndProjectID: () => {
    throw new Error('scope unreadable');
  },
};

describe('sameProject', () => {
  it('is true for the same organization and project, false otherwise', () => {
    expect(sameProject(reader(ORG1, PROJ1), reader(ORG1, PROJ1))).toBe(true);
    expect(sameProject(reader(ORG1, PROJ1), reader(ORG1, PROJ2))).toBe(false);
    expect(sameProject(reader(ORG1, PROJ1), reader(ORG2, PROJ1))).toBe(false);
  });

  it('throws when either reader throws', () => {
    expect(() => sameProject(failing, reader(ORG1, PROJ1))).toThrow('scope unreadable');
    expect(() => sameProject(reader(ORG1, PROJ1), failing)).toThrow('scope unreadable');
  });
});

describe('ownedByProject and ownedByOrganization', () => {
  const scope = reader(ORG1, PROJ1);

  it('compares both IDs (project) or the organization only', () => {
    expect(ownedByProject(scope, ORG1, PROJ1)).toBe(true);
    expect(ownedByProject(scope, ORG1, PROJ2)).toBe(false);
    expect(ownedByProject(scope, ORG2, PROJ1)).toBe(false);
    expect(ownedByOrganization(scope, ORG1)).toBe(true);
    expect(ownedByOrganization(scope, ORG2)).toBe(false);
  });

  it('throws when the reader throws', () => {
    expect(() => ownedByProject(failing, ORG1, PROJ1)).toThrow('scope unreadable');
    expect(() => ownedByOrganization(failing, ORG1)).toThrow('scope unreadable');
  });
});

describe('labelScopeReader (the ProjectScopeReader of Go region CRDs)', () => {
  it('reads the organization and project labels', () => {
    const scope = labelScopeReader({
      metadata: {
        labels: { 'unikorn-cloud.org/organization': ORG1, 'unikorn-cloud.org/project': PROJ1.toUpperCase() },
      },
    });
    expect(isProjectScopeReader(scope)).toBe(true);
    expect(scope.organizationAndProjectID()).toEqual([ORG1, PROJ1]);
    expect(scope.organizationID()).toBe(ORG1);
  });

  it('wraps uuid errors with "in resource labels", organization first', () => {
    expect(() => labelScopeReader({ metadata: { labels: {} } }).organizationAndProjectID()).toThrow(
      'invalid UUID length: 0: invalid organization ID in resource labels',
    );
    expect(() =>
      labelScopeReader({
        metadata: { labels: { 'unikorn-cloud.org/organization': ORG1, 'unikorn-cloud.org/project': 'x' } },
      }).organizationAndProjectID(),
    ).toThrow('invalid UUID length: 1: invalid project ID in resource labels');
  });

  it('isProjectScopeReader is false for plain resources', () => {
    expect(isProjectScopeReader({ metadata: { labels: {} } })).toBe(false);
    expect(isProjectScopeReader(undefined)).toBe(false);
  });
});
