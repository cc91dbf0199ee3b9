import { describe, expect, it } from '@jest/globals';
import { decodePrincipalHeader, type OutboundRequest, type Principal, principalMutator, samePrincipal } from '../src';

function headerFor(principal: Principal): string {
  const request: OutboundRequest = { method: 'GET', url: new URL('https://region.test/'), headers: {} };
  principalMutator()(request, { principal });
  return request.headers['X-Principal'] ?? '';
}

describe('principal header cache', () => {
  it('re-encodes a principal object whose fields changed since the last request', () => {
    const principal: Principal = { organizationId: 'org-1', organizationIds: ['org-1'], actor: 'alice@example.com' };
    expect(decodePrincipalHeader(headerFor(principal))).toEqual(principal);
    principal.actor = 'bob@example.com';
    principal.organizationIds?.push('org-2');
    expect(decodePrincipalHeader(headerFor(principal))).toEqual({
      organizationId: 'org-1',
      organizationIds: ['org-1', 'org-2'],
      actor: 'bob@example.com',
    });
  });

  it('samePrincipal compares every field, arrays element by element', () => {
    expect(samePrincipal({ actor: 'a', organizationIds: ['x'] }, { actor: 'a', organizationIds: ['x'] })).toBe(true);
    expect(samePrincipal({ actor: 'a', organizationIds: ['x'] }, { actor: 'a', organizationIds: ['y'] })).toBe(false);
    expect(samePrincipal({ actor: 'a' }, { actor: 'a', projectId: 'p' })).toBe(false);
    expect(samePrincipal({ type: 'user' }, { type: 'service' })).toBe(false);
  });
});
