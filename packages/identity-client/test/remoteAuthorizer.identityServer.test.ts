/**
 * The remote authorizer against the testkit identity server over mTLS: every token exchange and ACL read is
 * validated against the identity contract, and the server authenticates the calls as identity does.
 */

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  encodeClientCertificate,
  encodePrincipalHeader,
  type InboundRequestError,
  InboundValidator,
  RemoteAuthorizer,
} from '../src';
import {
  type IdentityEnvironment,
  ORGANIZATION,
  PROJECT,
  startIdentityEnvironment,
} from './identity/support/identityEnvironment';

let env: IdentityEnvironment;
let validator: InboundValidator;

beforeAll(async () => {
  env = await startIdentityEnvironment();
  const authorizer = new RemoteAuthorizer(env.kube, env.options, env.clientOptions, {
    dispatcherCache: env.dispatcherCache,
  });
  validator = new InboundValidator({ authenticator: authorizer, trustIngressHeaders: true });
});

afterAll(async () => {
  await env.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as InboundRequestError,
  );

describe('RemoteAuthorizer against the testkit identity server (contract-validated, mTLS)', () => {
  it('a bearer request: one contract-valid exchange for the path scope, then the organization ACL', async () => {
    const token = env.server.issueAccessToken({
      subject: 'joe@acme.com',
      organizationIds: [ORGANIZATION],
      email: 'joe@acme.com',
    });
    const acl = {
      organization: { id: ORGANIZATION, name: 'acme', endpoints: [{ name: 'region:networks', operations: ['read'] }] },
    };
    env.server.setACL('joe@acme.com', acl, ORGANIZATION);
    const from = env.server.calls.length;
    const operation = { pathParams: { organizationID: ORGANIZATION, projectID: PROJECT } };
    const inbound = await validator.authenticate({ headers: { authorization: `Bearer ${token}` } }, operation);
    expect(inbound.subject).toBe('joe@acme.com');
    expect(inbound.identity.principal).toEqual({
      organizationId: ORGANIZATION,
      organizationIds: [ORGANIZATION],
      projectId: PROJECT,
      type: 'user',
      actor: 'joe@acme.com',
    });
    expect(inbound.acl).toEqual(acl);
    await validator.authenticate({ headers: { authorization: `Bearer ${token}` } }, operation);
    const calls = env.server.calls.slice(from);
    expect(calls.map(({ operationId, valid, status }) => ({ operationId, valid, status }))).toEqual([
      { operationId: 'token', valid: true, status: 200 },
      { operationId: 'getOrganizationAcl', valid: true, status: 200 },
    ]);
    expect(calls[1].subject).toBe('joe@acme.com');
    expect(calls[1].principal).toMatchObject({ actor: 'joe@acme.com', organizationId: ORGANIZATION });
    const exchange = env.server.requests.find((request) => request.rawPath === '/oauth2/v2/token');
    expect(exchange?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(exchange?.clientCertificate?.commonName).toBe('unikorn-region');
    expect(new URLSearchParams(exchange?.body).get('x_project_id')).toBe(PROJECT);
  });

  it('an organization outside the token is 403 not authorized for the requested scope, never served from cache', async () => {
    const token = env.server.issueAccessToken({ subject: 'eve@acme.com', organizationIds: [ORGANIZATION] });
    await validator.authenticate(
      { headers: { authorization: `Bearer ${token}` } },
      { pathParams: { organizationID: ORGANIZATION } },
    );
    const other = '00000000-0000-0000-0000-000000000001';
    const error = await failure(
      validator.authenticate(
        { headers: { authorization: `Bearer ${token}` } },
        { pathParams: { organizationID: other } },
      ),
    );
    expect({ status: error.status, description: error.description }).toEqual({
      status: 403,
      description: 'not authorized for the requested scope',
    });
  });

  it('a revoked token is 401 token is invalid or has expired, with the challenge for the receiving host', async () => {
    const token = env.server.issueAccessToken({ subject: 'gone@acme.com' });
    env.server.revokeAccessToken(token);
    const error = await failure(
      validator.authenticate({ headers: { host: 'region.example.com', authorization: `Bearer ${token}` } }),
    );
    expect({ status: error.status, description: error.description }).toEqual({
      status: 401,
      description: 'token is invalid or has expired',
    });
    expect(error.headers).toContainEqual([
      'WWW-Authenticate',
      'Bearer error="access_denied",error_description="token is invalid or has expired",resource_metadata="https://region.example.com/.well-known/openid-protected-resource"',
    ]);
  });

  it('the mTLS path: the ACL read relays the originating certificate, so identity answers for it', async () => {
    const [region, compute] = await Promise.all([env.ca.issueClient('region'), env.ca.issueClient('compute')]);
    env.server.setACL('compute', { global: [{ name: 'identity:projects', operations: ['read'] }] });
    const from = env.server.calls.length;
    const inbound = await validator.authenticate({
      headers: {
        'ssl-client-cert': encodeClientCertificate(region.certificate),
        'ssl-client-verify': 'SUCCESS',
        'unikorn-client-certificate': encodeClientCertificate(compute.certificate),
        'x-principal': encodePrincipalHeader({ type: 'user', actor: 'u@example.com' }),
      },
    });
    expect(inbound.subject).toBe('compute');
    expect(inbound.acl).toEqual({ global: [{ name: 'identity:projects', operations: ['read'] }] });
    const [call] = env.server.calls.slice(from);
    expect(call).toMatchObject({
      operationId: 'getAcl',
      valid: true,
      status: 200,
      subject: 'compute',
      principal: { actor: 'u@example.com' },
    });
    const request = env.server.requests.at(-1);
    expect(request?.headers.authorization).toBeUndefined();
  });
});
