import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newHTTPClientOptions, newHTTPOptions, renderError } from '@unikorn-cloud/core-client';
import { MockAgent } from 'undici';
import {
  decodePassport,
  encodePrincipalHeader,
  HTTPTokenExchange,
  type InboundRequestError,
  InboundValidator,
  passportCacheTtlMs,
  RemoteAuthorizer,
  type TokenExchange,
  TokenExchangeError,
  type TokenExchangeFailure,
  type TokenExchangeRequest,
  tokenExchangeForm,
} from '../src';
import { mintPassport, passportClaims } from './support/passport';

const identityHost = 'https://id.example.com/';
const identityOptions = () => newHTTPOptions('identity').parseFlags([`--identity-host=${identityHost}`]);
const now = Date.UTC(2026, 4, 20, 12);

/** A stub exchanger recording its calls (Go's recordingTokenExchange). */
function recording(passport: string | (() => string)) {
  const calls: TokenExchangeRequest[] = [];
  const exchange: TokenExchange = {
    async exchange(request) {
      calls.push(request);
      return typeof passport === 'string' ? passport : passport();
    },
  };
  return { exchange, calls };
}

function authorizer(exchange: TokenExchange, clock = () => now) {
  return new RemoteAuthorizer(undefined, identityOptions(), newHTTPClientOptions(), { exchange, now: clock });
}

const input = (organizationID?: string, projectID?: string, authorization = 'Bearer raw-token') => ({
  authorization,
  host: 'region.example.com',
  pathParams: { ...(organizationID ? { organizationID } : {}), ...(projectID ? { projectID } : {}) },
  securitySchemeType: 'oauth2',
  traceContext: undefined as never,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('remote authorizer: token cache and exchange', () => {
  it('one exchange for repeated calls in one scope; one per (organization, project) scope', async () => {
    const { exchange, calls } = recording(mintPassport(passportClaims(now)));
    const auth = authorizer(exchange);
    for (let i = 0; i < 3; i++) await auth.authorize(input('org-1', 'proj-1'));
    expect(calls).toHaveLength(1);
    const scoped = recording(mintPassport(passportClaims(now)));
    const fresh = authorizer(scoped.exchange);
    for (const [org, project] of [
      ['', ''],
      ['org-1', ''],
      ['org-1', 'proj-1'],
      ['org-2', ''],
    ]) {
      await fresh.authorize(input(org, project));
    }
    expect(
      scoped.calls.map(({ sourceToken, organizationId, projectId }) => [sourceToken, organizationId, projectId]),
    ).toEqual([
      ['raw-token', '', ''],
      ['raw-token', 'org-1', ''],
      ['raw-token', 'org-1', 'proj-1'],
      ['raw-token', 'org-2', ''],
    ]);
  });

  it('a token accepted for one organisation is exchanged again (never reused) for another', async () => {
    const { exchange, calls } = recording(mintPassport(passportClaims(now)));
    const auth = authorizer(exchange);
    await auth.authorize(input('org-1'));
    await auth.authorize(input('org-2'));
    await auth.authorize(input('org-1'));
    expect(calls.map((call) => call.organizationId)).toEqual(['org-1', 'org-2']);
  });

  it('expired and not-yet-valid passports fail and are not cached; exp = now+5 s succeeds uncached', async () => {
    for (const overrides of [{ exp: now / 1000 - 1 }, { nbf: now / 1000 + 60 }]) {
      const { exchange, calls } = recording(mintPassport(passportClaims(now, overrides)));
      const auth = authorizer(exchange);
      await expect(auth.authorize(input())).rejects.toThrow(
        /^passport invalid: passport (has expired|is not yet valid)$/,
      );
      await expect(auth.authorize(input())).rejects.toThrow();
      expect(calls).toHaveLength(2);
    }
    const near = recording(mintPassport(passportClaims(now, { exp: now / 1000 + 5 })));
    const auth = authorizer(near.exchange);
    await auth.authorize(input());
    await auth.authorize(input());
    expect(near.calls).toHaveLength(2);
  });

  it('the cache TTL is exp − now − 10 s', () => {
    expect(passportCacheTtlMs({ exp: now / 1000 + 60 } as never, now)).toBe(50_000);
    expect(passportCacheTtlMs({ exp: now / 1000 - 1 } as never, now)).toBe(-11_000);
    expect(passportCacheTtlMs({ exp: now / 1000 + 5 } as never, now)).toBe(-5_000);
  });

  it('a cached passport expires with its TTL', async () => {
    let clock = now;
    const { exchange, calls } = recording(() => mintPassport(passportClaims(clock)));
    const auth = authorizer(exchange, () => clock);
    await auth.authorize(input());
    clock += 49_000;
    await auth.authorize(input());
    expect(calls).toHaveLength(1);
    clock += 2_000;
    await auth.authorize(input());
    expect(calls).toHaveLength(2);
  });

  it('exchange errors map to access denied / forbidden exactly as Go', async () => {
    const cases: [TokenExchangeFailure, number, string][] = [
      ['unauthorized', 401, 'token is invalid or has expired'],
      ['forbidden', 403, 'not authorized for the requested scope'],
      ['failed', 401, 'token exchange failed'],
      ['unavailable', 401, 'token exchange failed'],
    ];
    for (const [failure, status, description] of cases) {
      const auth = authorizer({ exchange: () => Promise.reject(new TokenExchangeError(failure)) });
      const error = (await rejection(auth.authorize(input('org-1')))) as InboundRequestError;
      expect({ status: error.status, description: error.description }).toEqual({ status, description });
      const challenge = renderError(error).headers.some(([name]) => name === 'WWW-Authenticate');
      expect(challenge).toBe(status === 401);
    }
  });

  it('passport claims become the authorization info; src_iss is kept; no email means none', async () => {
    const claims = passportClaims(now, { email: 'user@example.com', src_iss: 'https://staff.auth0.com' });
    const info = await authorizer(recording(mintPassport(claims)).exchange).authorize(input());
    expect(info).toEqual({
      token: 'raw-token',
      userinfo: {
        sub: 'user-1',
        email: 'user@example.com',
        'https://unikorn-cloud.org/authz': { acctype: 'user', orgIds: ['org-1', 'org-2'] },
      },
      clientId: '',
      systemAccount: false,
      serviceAccount: false,
      srcIss: 'https://staff.auth0.com',
    });
    const bare = await authorizer(recording(mintPassport(passportClaims(now))).exchange).authorize(input());
    expect(bare.userinfo).not.toHaveProperty('email');
  });

  it('a security scheme other than oauth2 is 400 authorization scheme unsupported', async () => {
    const error = (await rejection(
      authorizer(recording('x').exchange).authorize({ ...input(), securitySchemeType: 'basic' }),
    )) as InboundRequestError;
    expect({ status: error.status, description: error.description }).toEqual({
      status: 400,
      description: 'authorization scheme unsupported',
    });
  });

  it('Basic, a lone Bearer, three parts, a double space; BEARER is accepted', async () => {
    const auth = authorizer(recording(mintPassport(passportClaims(now))).exchange);
    for (const [header, description] of [
      ['Basic x', 'authorization scheme not allowed'],
      ['Bearer', 'authorization header malformed'],
      ['Bearer a b', 'authorization header malformed'],
      ['Bearer  a', 'authorization header malformed'],
    ]) {
      const error = (await rejection(auth.authorize(input(undefined, undefined, header)))) as InboundRequestError;
      expect({ status: error.status, description: error.description }).toEqual({ status: 401, description });
    }
    await expect(auth.authorize(input(undefined, undefined, 'BEARER t'))).resolves.toMatchObject({ token: 't' });
  });
});

describe('passport decoding', () => {
  it('malformed passports are invalid with Go texts; exp = now+1 s passes, exp = now fails', () => {
    const invalid: [string, RegExp][] = [
      ['not-a-jwt', /^passport invalid: /],
      ['', /^passport invalid: /],
      [
        mintPassport(passportClaims(now, { typ: 'access_token' })),
        /^passport invalid: unexpected token type "access_token"$/,
      ],
      [mintPassport(passportClaims(now, { sub: '' })), /^passport invalid: passport missing required claims$/],
      [mintPassport(passportClaims(now, { exp: undefined })), /^passport invalid: passport missing required claims$/],
      [
        mintPassport(passportClaims(now, { acctype: '' })),
        /^passport invalid: passport missing required identity metadata$/,
      ],
      [
        mintPassport(passportClaims(now, { source: undefined })),
        /^passport invalid: passport missing required identity metadata$/,
      ],
      [mintPassport(passportClaims(now, { exp: now / 1000 - 1 })), /^passport invalid: passport has expired$/],
      [mintPassport(passportClaims(now, { exp: now / 1000 })), /^passport invalid: passport has expired$/],
      [mintPassport(passportClaims(now, { nbf: now / 1000 + 1 })), /^passport invalid: passport is not yet valid$/],
      [mintPassport(passportClaims(now), { alg: 'RS256' }), /^passport invalid: /],
      [mintPassport(passportClaims(now, { sub: 5 })), /^passport invalid: /],
    ];
    for (const [passport, message] of invalid) {
      expect(() => decodePassport(passport, now)).toThrow(message);
    }
    expect(decodePassport(mintPassport(passportClaims(now, { exp: now / 1000 + 1 })), now).sub).toBe('user-1');
  });
});

describe('remote authorizer on the wire (undici MockAgent)', () => {
  let agent: MockAgent;
  let seen: { path: string; method: string; headers: Record<string, string>; body: string }[];

  afterEach(async () => {
    await agent.close();
  });

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    seen = [];
  });

  const record = (options: { path: string; method: string; headers?: unknown; body?: unknown }) => {
    seen.push({
      path: options.path,
      method: options.method,
      headers: Object.fromEntries(
        Object.entries((options.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]),
      ),
      body: typeof options.body === 'string' ? options.body : '',
    });
  };

  const wired = (timeoutMs?: number) =>
    new RemoteAuthorizer(undefined, identityOptions(), newHTTPClientOptions(), {
      dispatcher: agent,
      now: () => Date.now(),
      timeoutMs,
    });

  const tokenReply = (statusCode: number, data: string | object) =>
    agent
      .get('https://id.example.com')
      .intercept({ path: '/oauth2/v2/token', method: 'POST' })
      .reply((options) => {
        record(options as never);
        return {
          statusCode,
          data: typeof data === 'string' ? data : JSON.stringify(data),
          responseOptions: { headers: { 'content-type': 'application/json' } },
        };
      });

  it("the exchange request is Go's byte for byte: URL, content type, sorted form, no Authorization or X-Principal", async () => {
    tokenReply(200, { access_token: mintPassport(passportClaims(Date.now())) });
    await wired().authorize({ ...input('org-1', 'proj-1'), clientCertificate: 'relayed%0Acert' });
    expect(seen).toHaveLength(1);
    expect(seen[0].path).toBe('/oauth2/v2/token');
    expect(seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0].headers['unikorn-client-certificate']).toBe('relayed%0Acert');
    expect(seen[0].headers).not.toHaveProperty('authorization');
    expect(seen[0].headers).not.toHaveProperty('x-principal');
    expect(seen[0].body).toBe(
      'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&requested_token_type=urn%3Anscale%3Aparams%3Aoauth%3Atoken-type%3Apassport&subject_token=raw-token&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token&x_organization_id=org-1&x_project_id=proj-1',
    );
    expect(tokenExchangeForm({ sourceToken: 'a b+c', organizationId: '', projectId: '' })).toContain(
      'subject_token=a+b%2Bc&',
    );
  });

  it('response classification: 401, 503, invalid_scope, other 400s, bad JSON, missing token', async () => {
    const cases: [number, string | object, number, string][] = [
      [401, { error: 'access_denied' }, 401, 'token is invalid or has expired'],
      [503, '', 401, 'token exchange failed'],
      [
        400,
        { error: 'invalid_scope', error_description: 'organization not in scope' },
        403,
        'not authorized for the requested scope',
      ],
      [400, { error: 'invalid_request' }, 401, 'token exchange failed'],
      [400, 'not-json', 401, 'token exchange failed'],
      [500, '', 401, 'token exchange failed'],
      [502, '', 401, 'token exchange failed'],
      [403, '', 401, 'token exchange failed'],
      [201, '', 401, 'token exchange failed'],
      [200, '{"access_token":', 401, 'token exchange failed'],
      [200, {}, 401, 'token exchange failed'],
    ];
    for (const [status, body, replied, description] of cases) {
      tokenReply(status, body);
      const error = (await rejection(wired().authorize(input()))) as InboundRequestError;
      expect({ status, replied: error.status, description: error.description }).toEqual({
        status,
        replied,
        description,
      });
    }
  });

  it('the exchange errors carry Go texts', async () => {
    const texts: [number, string | object, string][] = [
      [401, '', 'token exchange unauthorized'],
      [503, '', 'token exchange unavailable: status code 503'],
      [400, { error: 'invalid_scope' }, 'token exchange forbidden'],
      [400, 'not-json', 'token exchange failed: status code 400'],
      [404, '', 'token exchange failed: status code 404'],
      [200, {}, 'token exchange response missing access token'],
      [200, '{"access_token":', 'token exchange invalid response: '],
    ];
    const exchange = new HTTPTokenExchange({ baseUrl: identityHost, dispatcher: agent, timeoutMs: 10_000 });
    for (const [status, body, text] of texts) {
      tokenReply(status, body);
      const error = await rejection(exchange.exchange({ sourceToken: 't', organizationId: '', projectId: '' }));
      expect(error).toBeInstanceOf(TokenExchangeError);
      expect((error as Error).message.startsWith(text)).toBe(true);
    }
  });

  it('a 32 KiB access token is returned whole; a slow identity is bounded by the deadline (unavailable)', async () => {
    const big = mintPassport(passportClaims(Date.now(), { padding: 'x'.repeat(32 * 1024) }));
    tokenReply(200, { access_token: big });
    await expect(wired().authorize(input())).resolves.toMatchObject({ userinfo: { sub: 'user-1' } });
    agent
      .get('https://id.example.com')
      .intercept({ path: '/oauth2/v2/token', method: 'POST' })
      .reply(200, '{}')
      .delay(2_000);
    const error = (await rejection(wired(100).authorize(input()))) as InboundRequestError;
    expect(error.description).toBe('token exchange failed');
    expect((error.cause as Error).message).toMatch(/^token exchange unavailable: timeout after 100ms$/);
  });

  it('a 200 passport with alg RS256 or without source is a 500', async () => {
    for (const passport of [
      mintPassport(passportClaims(Date.now()), { alg: 'RS256' }),
      mintPassport(passportClaims(Date.now(), { source: '' })),
    ]) {
      tokenReply(200, { access_token: passport });
      const validator = new InboundValidator({ authenticator: wired() });
      const error = (await rejection(
        validator.authenticate({ headers: { authorization: 'Bearer raw-token' } }),
      )) as InboundRequestError;
      expect({ status: error.status, description: error.description }).toEqual({
        status: 500,
        description: 'an internal error has occurred, please contact support',
      });
    }
  });

  it('the ACL request: global and organization paths, bearer source token, re-encoded principal', async () => {
    tokenReply(200, { access_token: mintPassport(passportClaims(Date.now(), { acctype: 'system' })) });
    const acl = { global: [{ name: 'x', operations: ['read'] }] };
    agent
      .get('https://id.example.com')
      .intercept({ path: '/api/v1/acl', method: 'GET' })
      .reply((options) => {
        record(options as never);
        return {
          statusCode: 200,
          data: JSON.stringify(acl),
          responseOptions: { headers: { 'content-type': 'application/json' } },
        };
      });
    const validator = new InboundValidator({ authenticator: wired() });
    const inbound = await validator.authenticate({ headers: { authorization: 'Bearer raw-token' } });
    expect(inbound.acl).toEqual(acl);
    expect(inbound.identity.principal).toEqual({ organizationIds: ['org-1', 'org-2'], type: 'user', actor: 'user-1' });
    const aclRequest = seen[1];
    expect(aclRequest.headers.authorization).toBe('bearer raw-token');
    expect(aclRequest.headers['x-principal']).toBe(
      encodePrincipalHeader({ organizationIds: ['org-1', 'org-2'], type: 'user', actor: 'user-1' }),
    );
    expect(Buffer.from(aclRequest.headers['x-principal'], 'base64url').toString()).toBe(
      '{"organizationIds":["org-1","org-2"],"type":"user","actor":"user-1"}',
    );

    const organization = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
    tokenReply(200, { access_token: mintPassport(passportClaims(Date.now())) });
    agent
      .get('https://id.example.com')
      .intercept({ path: `/api/v1/organizations/${organization}/acl`, method: 'GET' })
      .reply(200, '{}', { headers: { 'content-type': 'application/json' } });
    await validator.authenticate(
      { headers: { authorization: 'Bearer raw-token' } },
      { pathParams: { organizationID: organization.toUpperCase() } },
    );
  });

  it("an ACL 401 is replied 401 with identity's description and no challenge; 403 and transport errors are 500", async () => {
    const acl = (status: number, data: string) =>
      agent
        .get('https://id.example.com')
        .intercept({ path: '/api/v1/acl', method: 'GET' })
        .reply(status, data, { headers: { 'content-type': 'application/json' } });
    const run = async () => {
      tokenReply(200, { access_token: mintPassport(passportClaims(Date.now())) });
      return (await rejection(
        new InboundValidator({ authenticator: wired() }).authenticate({
          headers: { authorization: 'Bearer raw-token' },
        }),
      )) as InboundRequestError;
    };
    acl(401, JSON.stringify({ error: 'access_denied', error_description: 'token revoked' }));
    const unauthorized = await run();
    expect({ status: unauthorized.status, description: unauthorized.description }).toEqual({
      status: 401,
      description: 'token revoked',
    });
    expect(renderError(unauthorized).headers.map(([name]) => name)).not.toContain('WWW-Authenticate');
    acl(403, JSON.stringify({ error: 'forbidden', error_description: 'no' }));
    expect((await run()).status).toBe(500);
    agent
      .get('https://id.example.com')
      .intercept({ path: '/api/v1/acl', method: 'GET' })
      .replyWithError(new Error('connection refused'));
    expect((await run()).status).toBe(500);
  });
});
