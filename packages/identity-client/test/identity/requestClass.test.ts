/**
 * The shared request class of generated clients writes bodies as a Go client does: JSON with Go's encoding/json,
 * forms with url.Values.Encode; and it records the status behind every status error.
 */

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APIError, APIStatusError } from '@unikorn-cloud/core-client';
import { encodeForm } from '../../src/codegen/formBody';
import { responseStatusOf } from '../../src/codegen/requestClass';
import { withPrincipal } from '../../src/context';
import { parseOrganizationID, parseProjectID } from '../../src/identity/ids';
import { ResponseDecodeError } from '../../src/requestErrors';
import {
  CREATOR,
  headerOf,
  type IdentityEnvironment,
  ORGANIZATION,
  PROJECT,
  rejection,
  startIdentityEnvironment,
} from './support/identityEnvironment';

const USER = { organizationId: ORGANIZATION, projectId: PROJECT, actor: CREATOR };

let env: IdentityEnvironment;

beforeAll(async () => {
  env = await startIdentityEnvironment();
});

afterAll(async () => {
  await env?.close();
});

describe('encodeForm (Go url.Values.Encode)', () => {
  it('sorts keys, query-escapes values (space → +), repeats arrays and skips undefined and null', () => {
    expect(
      encodeForm({
        subject_token: 'a b/c:d',
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        scope: undefined,
        audience: null,
        resource: ['x', 'y'],
      }),
    ).toBe(
      'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&resource=x&resource=y&subject_token=a+b%2Fc%3Ad',
    );
  });
});

describe('generated request bodies on the wire', () => {
  it('a form operation sends the Go-encoded form with its Content-Type, and the server validates it', async () => {
    const api = await env.client().apiClient();
    const from = env.server.requests.length;
    await withPrincipal(USER, () =>
      api.oauth2.token({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: 'raw token' }),
    ).catch(() => undefined);
    const [sent] = env.server.requests.slice(from);
    expect(sent.body).toBe(
      'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=raw+token',
    );
    expect(headerOf(sent.rawHeaders, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect(env.server.calls.at(-1)).toMatchObject({ operationId: 'token', valid: true });
  });

  it('a JSON operation sends Go encoding/json bytes (<, > and & escaped, key order as built)', async () => {
    const api = await env.client().apiClient();
    const from = env.server.requests.length;
    await withPrincipal(USER, () =>
      api.projects.updateProject(parseOrganizationID(ORGANIZATION), parseProjectID(PROJECT), {
        metadata: { name: 'demo', description: '<a & b>' },
        spec: { groupIDs: [] },
      }),
    ).catch(() => undefined);
    const [sent] = env.server.requests.slice(from);
    expect(sent.body).toBe(
      '{"metadata":{"name":"demo","description":"\\u003ca \\u0026 b\\u003e"},"spec":{"groupIDs":[]}}',
    );
    expect(headerOf(sent.rawHeaders, 'content-type')).toBe('application/json');
  });
});

describe('cancelable requests', () => {
  it('a generated operation returns a native promise with cancel(): a no-op once settled, CancelError before', async () => {
    const api = await env.client().apiClient();
    const organization = parseOrganizationID(ORGANIZATION);
    const done = withPrincipal(USER, () => api.projects.listProjects(organization));
    expect(done).toBeInstanceOf(Promise);
    await done;
    done.cancel();
    expect(done.isCancelled).toBe(false);

    env.server.override('listProjects', () => undefined);
    const pending = withPrincipal(USER, () => api.projects.listProjects(organization));
    pending.cancel();
    expect(pending.isCancelled).toBe(true);
    const error = await rejection(pending);
    expect(error.name).toBe('CancelError');
    expect(error.message).toBe('Request aborted');
    env.server.override('listProjects', undefined);
  });
});

describe('responseStatusOf', () => {
  it('gives the status behind a documented error, an undocumented one and an unexpected success', async () => {
    const api = await env.client().apiClient();
    const organization = parseOrganizationID(ORGANIZATION);
    const missing = await rejection(
      withPrincipal(USER, () =>
        api.projects.getProject(organization, parseProjectID('3b241101-e2bb-4255-8caf-4136c566a962')),
      ),
    );
    expect(missing).toBeInstanceOf(APIError);
    expect(responseStatusOf(missing)).toBe(404);

    env.server.override('getProject', () => ({ status: 200, headers: {}, body: '' }));
    env.server.override('listProjects', () => ({ status: 201, headers: {}, body: '' }));
    try {
      const unexpected = await rejection(withPrincipal(USER, () => api.projects.listProjects(organization)));
      expect(unexpected).toBeInstanceOf(APIStatusError);
      expect(unexpected.message).toBe('api status code unexpected: status code 201 not valid');
      expect(responseStatusOf(unexpected)).toBe(201);
    } finally {
      env.server.override('getProject', undefined);
      env.server.override('listProjects', undefined);
    }
    expect(responseStatusOf(new Error('transport'))).toBeUndefined();
    expect(responseStatusOf(undefined)).toBeUndefined();
  });
});

describe('documented success bodies decode as the contract declares (as Go generated clients do)', () => {
  const organization = () => parseOrganizationID(ORGANIZATION);

  it.each([
    ['truncated JSON', 'application/json', '{"metadata":', 'a JSON array (the body is not JSON)'],
    ['an HTML login page', 'text/html', '<html>log in</html>', 'a JSON array (the body is not JSON)'],
    ['a JSON value of the wrong top-level type', 'application/json', '"not a list"', 'a JSON array'],
  ])(
    'a 200 carrying %s rejects with ResponseDecodeError naming the operation and status',
    async (_, type, body, expected) => {
      const api = await env.client().apiClient();
      env.server.override('listProjects', () => ({ status: 200, headers: { 'content-type': type }, body }));
      try {
        const error = await rejection(withPrincipal(USER, () => api.projects.listProjects(organization())));
        expect(error).toBeInstanceOf(ResponseDecodeError);
        expect(error.message).toContain('listProjects (GET /api/v1/organizations/{organizationID}/projects)');
        expect(error.message).toContain('status 200');
        expect(error.message).toContain(expected);
      } finally {
        env.server.override('listProjects', undefined);
      }
    },
  );

  it('a body of the declared type resolves', async () => {
    const api = await env.client().apiClient();
    const projects = await withPrincipal(USER, () => api.projects.listProjects(organization()));
    expect(Array.isArray(projects)).toBe(true);
  });
});
