import { describe, expect, it } from '@jest/globals';
import {
  decodePrincipalHeader,
  encodePrincipalHeader,
  marshalPrincipal,
  PrincipalHeaderError,
  principalFromJSON,
} from '../src';

describe('principal JSON and header encoding', () => {
  it('principal {org-1, proj-1, user@example.com} is unpadded base64url of its Go JSON and decodes back', () => {
    const principal = { organizationId: 'org-1', projectId: 'proj-1', actor: 'user@example.com' };
    const header = encodePrincipalHeader(principal);
    const json = '{"organizationId":"org-1","projectId":"proj-1","actor":"user@example.com"}';
    expect(header).toBe(Buffer.from(json).toString('base64url'));
    expect(header).not.toMatch(/[=+/]/);
    expect(decodePrincipalHeader(header)).toEqual(principal);
  });

  it('a principal with only an actor marshals to exactly {"actor":"alice@example.com"}', () => {
    expect(marshalPrincipal({ actor: 'alice@example.com' })).toBe('{"actor":"alice@example.com"}');
  });

  it('marshals fields in Go struct order whatever the object order, omitting empty strings and arrays', () => {
    const principal = {
      actor: 'a',
      type: 'service' as const,
      projectId: '',
      organizationIds: ['o1', 'o2'],
      organizationId: 'o1',
    };
    expect(marshalPrincipal(principal)).toBe(
      '{"organizationId":"o1","organizationIds":["o1","o2"],"type":"service","actor":"a"}',
    );
    expect(marshalPrincipal({ organizationIds: [], actor: '' })).toBe('{}');
  });

  it('escapes HTML characters like Go encoding/json and drops unknown properties', () => {
    const principal = { actor: '<a&b>', extra: 'x' } as unknown as Parameters<typeof marshalPrincipal>[0];
    expect(marshalPrincipal(principal)).toBe('{"actor":"\\u003ca\\u0026b\\u003e"}');
  });

  it('padded base64url is not a valid unsigned principal header', () => {
    const padded = Buffer.from('{"actor":"ab"}').toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    expect(() => decodePrincipalHeader(padded)).toThrow(PrincipalHeaderError);
  });

  it('rejects non-base64url text and non-JSON content', () => {
    expect(() => decodePrincipalHeader('a.b.c')).toThrow('header error: principal header is not unpadded base64url');
    expect(() => decodePrincipalHeader(Buffer.from('nope').toString('base64url'))).toThrow(
      'header error: principal header is not valid JSON',
    );
  });

  it('decodes like Go json.Unmarshal: case-insensitive keys, unknown fields ignored, wrong types rejected', () => {
    expect(principalFromJSON({ OrganizationID: 'o', ACTOR: 'x', issuer: 'i' })).toEqual({
      organizationId: 'o',
      actor: 'x',
    });
    expect(() => principalFromJSON({ actor: 3 })).toThrow('principal field actor is not a string');
    expect(() => principalFromJSON({ organizationIds: 'o' })).toThrow(
      'principal field organizationIds is not a string array',
    );
    expect(() => principalFromJSON([])).toThrow(PrincipalHeaderError);
  });
});
