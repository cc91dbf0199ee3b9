import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DispatcherCache } from '@unikorn-cloud/core-client';
import { type InboundRequestError, InboundValidator, RemoteAuthorizer } from '../src';
import { Environment } from './support/environment';
import { mintPassport, passportClaims } from './support/passport';

let env: Environment;

beforeAll(async () => {
  env = await Environment.start();
});

afterAll(async () => {
  await env.close();
});

describe('remote authorizer over mTLS', () => {
  it('a token issued for test@example.com is exchanged over mTLS once, then served from the cache', async () => {
    const identity = await env.server((request) => {
      if (request.rawPath === '/oauth2/v2/token') {
        const form = new URLSearchParams(request.body);
        if (form.get('subject_token') !== 'access-token') return { status: 401, body: { error: 'access_denied' } };
        const passport = mintPassport(passportClaims(Date.now(), { sub: 'test@example.com' }));
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: {
            token_type: 'Bearer',
            access_token: passport,
            expires_in: 60,
            issued_token_type: 'urn:nscale:params:oauth:token-type:passport',
          },
        };
      }
      return { status: 200, headers: { 'content-type': 'application/json' }, body: { global: [] } };
    });
    await env.clientSecret('region');
    const cache = new DispatcherCache();
    env.onClose(() => cache.close());
    const authorizer = new RemoteAuthorizer(env.kube, env.options(identity.url), env.clientOptions('region'), {
      dispatcherCache: cache,
    });
    const validator = new InboundValidator({ authenticator: authorizer });
    const first = await validator.authenticate({ headers: { authorization: 'Bearer access-token' } });
    const second = await validator.authenticate({ headers: { authorization: 'Bearer access-token' } });
    expect(first.subject).toBe('test@example.com');
    expect(second.subject).toBe('test@example.com');
    const exchanges = identity.requests.filter((request) => request.rawPath === '/oauth2/v2/token');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].clientCertificate?.commonName).toBe('region');
    expect(exchanges[0].tlsVersion).toBe('TLSv1.3');
    expect(identity.requests.filter((request) => request.rawPath === '/api/v1/acl')).toHaveLength(1);

    const rejected = await validator
      .authenticate({ headers: { authorization: 'Bearer invalid-token', host: 'region.test' } })
      .then(
        () => undefined,
        (error: unknown) => error as InboundRequestError,
      );
    expect({ status: rejected?.status, description: rejected?.description }).toEqual({
      status: 401,
      description: 'token is invalid or has expired',
    });
  });
});
