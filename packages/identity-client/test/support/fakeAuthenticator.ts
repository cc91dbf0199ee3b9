import { accessDenied } from '@unikorn-cloud/core-client';
import type { ACLInput, AuthorizationInfo, BearerAuthenticator } from '../../src';

/**
 * A bearer authenticator that accepts `Bearer good` as `joe@acme.com` (a user in organization `o1`) and refuses
 * anything else as Go's remote authorizer refuses an invalid token; `getACL` records its inputs and returns `acl`.
 */
export function fakeAuthenticator(acl: Record<string, unknown> = {}) {
  const calls = { authorize: 0, getACL: [] as ACLInput[] };
  const authenticator: BearerAuthenticator = {
    async authorize(input) {
      calls.authorize++;
      if (input.authorization !== 'Bearer good') throw accessDenied(input.host, 'token is invalid or has expired');
      const info: AuthorizationInfo = {
        token: 'good',
        userinfo: { sub: 'joe@acme.com', 'https://unikorn-cloud.org/authz': { acctype: 'user', orgIds: ['o1'] } },
        clientId: '',
        systemAccount: false,
        serviceAccount: false,
        srcIss: '',
      };
      return info;
    },
    async getACL(input) {
      calls.getACL.push(input);
      return acl;
    },
  };
  return { authenticator, calls };
}
