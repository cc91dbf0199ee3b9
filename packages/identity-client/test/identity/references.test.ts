/**
 * Project references (Go `identity/pkg/client` references.go) against the contract-validating identity server over
 * mTLS, with the resource's Kubernetes kind known to the fake Kubernetes API (for the reference).
 */

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  APIError,
  APIStatusError,
  ConsistencyError,
  httpConflict,
  httpForbidden,
  InvalidContextError,
  InvalidUUIDError,
  TypeConversionError,
  withKubernetesClient,
} from '@unikorn-cloud/core-client';
import { errorReply } from '@unikorn-cloud/testkit-api';
import { newOptions } from '../../src/identity/client';
import { parseOrganizationID, parseProjectID } from '../../src/identity/ids';
import { organizationAndProjectID } from '../../src/identity/projectScope';
import { References } from '../../src/identity/references';
import {
  answering,
  headerOf,
  type IdentityEnvironment,
  ORGANIZATION,
  PROJECT,
  refusedPort,
  rejection,
  resource,
  startIdentityEnvironment,
  type TestResource,
} from './support/identityEnvironment';

const REFERENCE_PATH = `/api/v1/organizations/${ORGANIZATION}/projects/${PROJECT}/references/`;

let env: IdentityEnvironment;

beforeAll(async () => {
  env = await startIdentityEnvironment();
});

afterAll(async () => {
  await env?.close();
});

const references = (settings = {}) =>
  new References(undefined, env.options, env.clientOptions, { kube: env.kube, ...env.settings, ...settings });

/** The identity Project of `test-resource` in `test-ns`. */
function testProject(): TestResource {
  const project = resource('project', 'test-resource');
  project.metadata.namespace = 'test-ns';
  return project;
}

const jsonError = (error: Parameters<typeof errorReply>[0]) => errorReply(error, '0'.repeat(32));

describe('resolving the owning organization and project', () => {
  it('a scope reader is used as is; labels are not consulted', () => {
    const reader = {
      metadata: { labels: null },
      organizationID: () => parseOrganizationID(ORGANIZATION),
      organizationAndProjectID: () => [parseOrganizationID(ORGANIZATION), parseProjectID(PROJECT)] as const,
    };
    expect(organizationAndProjectID(reader)).toEqual([ORGANIZATION, PROJECT]);
  });

  it('reads the organization and project labels', () => {
    expect(organizationAndProjectID(testProject())).toEqual([ORGANIZATION, PROJECT]);
  });

  it('missing labels: resource missing organization ID label, then project', () => {
    expect(() => organizationAndProjectID({ metadata: {} })).toThrow(
      new ConsistencyError('resource missing organization ID label'),
    );
    expect(() => organizationAndProjectID({ metadata: { labels: null } })).toThrow(
      'consistency error: resource missing organization ID label',
    );
    expect(() =>
      organizationAndProjectID({ metadata: { labels: { 'unikorn-cloud.org/organization': 'not-a-uuid' } } }),
    ).toThrow('consistency error: resource missing project ID label');
  });

  it('an invalid label: <uuid error>: invalid organization ID on resource', () => {
    const labels = { 'unikorn-cloud.org/organization': 'not-a-uuid', 'unikorn-cloud.org/project': 'bad' };
    let error: unknown;
    try {
      organizationAndProjectID({ metadata: { labels } });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidUUIDError);
    expect((error as Error).message).toBe('invalid UUID length: 10: invalid organization ID on resource');
    expect(() =>
      organizationAndProjectID({
        metadata: { labels: { 'unikorn-cloud.org/organization': ORGANIZATION, 'unikorn-cloud.org/project': '' } },
      }),
    ).toThrow('invalid UUID length: 0: invalid project ID on resource');
  });

  it('ignores the principal.unikorn-cloud.org override labels', () => {
    const labels = {
      'unikorn-cloud.org/organization': ORGANIZATION,
      'unikorn-cloud.org/project': PROJECT,
      'principal.unikorn-cloud.org/organization': '0b9a4ef4-5d49-4b3c-a8f1-5b1c2f1d9a01',
    };
    expect(organizationAndProjectID({ metadata: { labels } })).toEqual([ORGANIZATION, PROJECT]);
  });
});

describe('References: a warm helper', () => {
  it('prepares and sends in the calling turn once the dispatcher and the kind are known', async () => {
    const seen: string[] = [];
    const client = references({
      mutators: {
        last: [(request: { method: string; url: URL }) => void seen.push(`${request.method} ${request.url.pathname}`)],
      },
    });
    await client.addReferenceToProject(testProject()); // cold: Secrets, handshake, discovery
    seen.length = 0;
    const adding = client.addReferenceToProject(testProject());
    expect(seen).toEqual([`PUT ${REFERENCE_PATH}projects.identity.unikorn-cloud.org%252Ftest-resource`]);
    await expect(adding).resolves.toBeUndefined();
    const removing = client.removeReferenceFromProject(testProject());
    expect(seen).toHaveLength(2);
    await expect(removing).resolves.toBeUndefined();
  });

  it('warm, a resource without project labels rejects (never throws) after the reference, before anything is sent', async () => {
    const client = references();
    await client.addReferenceToProject(testProject());
    const from = env.server.requests.length;
    const unlabelled = testProject();
    unlabelled.metadata.labels = { 'unikorn-cloud.org/organization': ORGANIZATION };
    let pending: Promise<void> | undefined;
    expect(() => {
      pending = client.addReferenceToProject(unlabelled);
    }).not.toThrow();
    await expect(pending).rejects.toThrow('consistency error: resource missing project ID label');
    expect(env.server.requests.length).toBe(from);
  });
});

describe('References.addReferenceToProject', () => {
  it('PUT answered 201 is success, also when the reference already exists', async () => {
    const client = references();
    const from = env.server.calls.length;
    await client.addReferenceToProject(testProject());
    await client.addReferenceToProject(testProject());
    const calls = env.server.calls.slice(from);
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => call.operationId === 'addProjectReference' && call.valid && call.status === 201)).toBe(
      true,
    );
    expect(calls[0].params).toMatchObject({ organizationID: ORGANIZATION, projectID: PROJECT });
    expect(env.server.references(ORGANIZATION, PROJECT)).toContain('projects.identity.unikorn-cloud.org/test-resource');
  });

  it('the exact request: double-escaped reference, no body, no Content-Type, X-Principal a JWS', async () => {
    const from = env.server.requests.length;
    await references().addReferenceToProject(testProject());
    const [sent] = env.server.requests.slice(from);
    expect(`${sent.method} ${sent.rawPath}`).toBe(
      `PUT ${REFERENCE_PATH}projects.identity.unikorn-cloud.org%252Ftest-resource`,
    );
    expect(sent.body).toBe('');
    expect(headerOf(sent.rawHeaders, 'content-type')).toBeUndefined();
    expect(headerOf(sent.rawHeaders, 'x-principal')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(headerOf(sent.rawHeaders, 'authorization')).toBeUndefined();
    expect(env.server.calls.at(-1)).toMatchObject({
      signed: true,
      principal: { organizationId: ORGANIZATION, projectId: PROJECT, actor: 'alice@example.com' },
    });
  });

  it('sends the IDs of a scope reader in canonical form', async () => {
    const identity = {
      ...resource('identity', 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e', { labels: {} }),
      organizationID: () => parseOrganizationID(ORGANIZATION.toUpperCase()),
      organizationAndProjectID: () =>
        [parseOrganizationID(ORGANIZATION.toUpperCase()), parseProjectID(`{${PROJECT}}`)] as const,
    };
    const from = env.server.requests.length;
    await references().addReferenceToProject(identity);
    expect(env.requestsSince(from)).toEqual([
      `PUT ${REFERENCE_PATH}identities.region.unikorn-cloud.org%252Ff0e1d2c3-b4a5-4968-8778-695a4b3c2d1e`,
    ]);
  });

  it('a transport error is returned', async () => {
    const port = await refusedPort();
    const options = newOptions({ ...env.options, host: `https://127.0.0.1:${port}` });
    const client = new References(undefined, options, env.clientOptions, { kube: env.kube, ...env.settings });
    const error = await rejection(client.addReferenceToProject(testProject()));
    expect(JSON.stringify(error.message) + String((error as { code?: string }).code)).toMatch(/ECONNREFUSED|refused/i);
  });

  it('200 is api status code unexpected, 409 JSON an API error, 502 error field JSON502 not defined', async () => {
    const client = references();
    const ok = await answering(env.server, 'addProjectReference', { status: 200 }, () =>
      rejection(client.addReferenceToProject(testProject())),
    );
    expect(ok).toBeInstanceOf(APIStatusError);
    expect(ok.message).toBe('api status code unexpected: status code 200 not valid');

    env.server.override('addProjectReference', () => jsonError(httpConflict()));
    const conflict = await rejection(client.addReferenceToProject(testProject()));
    env.server.override('addProjectReference', undefined);
    expect(conflict).toBeInstanceOf(APIError);
    expect(conflict).toMatchObject({
      status: 409,
      errorCode: 'conflict',
      message: 'the requested resource already exists',
    });

    const gateway = await answering(
      env.server,
      'addProjectReference',
      { status: 502, headers: { 'Content-Type': 'text/html' }, body: '<html>bad gateway</html>' },
      () => rejection(client.addReferenceToProject(testProject())),
    );
    expect(gateway).toBeInstanceOf(TypeConversionError);
    expect(gateway.message).toBe('type conversion error: error field JSON502 not defined');
  });

  it('a project being deleted answers 400 invalid_request, propagated as an API error', async () => {
    const doomed = env.server.addProject({ organizationId: ORGANIZATION, references: ['keep/me'] });
    env.server.deleteProject(ORGANIZATION, doomed);
    const project = resource('project', 'doomed-resource', {
      labels: { 'unikorn-cloud.org/organization': ORGANIZATION, 'unikorn-cloud.org/project': doomed },
    });
    const error = await rejection(references().addReferenceToProject(project));
    expect(error).toMatchObject({
      status: 400,
      errorCode: 'invalid_request',
      message: 'unable to add reference, resource is being deleted',
    });
  });
});

describe('References.removeReferenceFromProject', () => {
  it('204 is success, whether the reference existed or was already gone', async () => {
    const client = references();
    await client.addReferenceToProject(testProject());
    const from = env.server.calls.length;
    await client.removeReferenceFromProject(testProject());
    await client.removeReferenceFromProject(testProject());
    expect(env.server.calls.slice(from).map((call) => [call.operationId, call.status])).toEqual([
      ['removeProjectReference', 204],
      ['removeProjectReference', 204],
    ]);
    expect(env.server.references(ORGANIZATION, PROJECT)).not.toContain(
      'projects.identity.unikorn-cloud.org/test-resource',
    );
  });

  it('404 (the project is gone) is success, with or without a JSON body', async () => {
    const gone = resource('project', 'orphan', {
      labels: {
        'unikorn-cloud.org/organization': ORGANIZATION,
        'unikorn-cloud.org/project': '3b241101-e2bb-4255-8caf-4136c566a962',
      },
    });
    const from = env.server.calls.length;
    await references().removeReferenceFromProject(gone);
    expect(env.server.calls.at(-1)).toMatchObject({ operationId: 'removeProjectReference', status: 404 });
    await answering(
      env.server,
      'removeProjectReference',
      { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'gone' },
      () => references().removeReferenceFromProject(testProject()),
    );
    expect(env.server.calls.slice(from)).toHaveLength(2);
  });

  it('a transport error is returned', async () => {
    const port = await refusedPort();
    const options = newOptions({ ...env.options, host: `https://127.0.0.1:${port}` });
    const client = new References(undefined, options, env.clientOptions, { kube: env.kube, ...env.settings });
    await expect(client.removeReferenceFromProject(testProject())).rejects.toThrow();
  });

  it('400 is error field JSON400 not defined, 403 JSON an API error, 200 api status code unexpected', async () => {
    const client = references();
    env.server.override('removeProjectReference', () => jsonError(httpForbidden('not allowed')));
    const forbidden = await rejection(client.removeReferenceFromProject(testProject()));
    env.server.override('removeProjectReference', undefined);
    expect(forbidden).toMatchObject({ status: 403, errorCode: 'forbidden', message: 'not allowed' });

    const bad = await answering(
      env.server,
      'removeProjectReference',
      {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
        body: '{"error":"invalid_request","error_description":"x"}',
      },
      () => rejection(client.removeReferenceFromProject(testProject())),
    );
    expect(bad.message).toBe('type conversion error: error field JSON400 not defined');

    const ok = await answering(env.server, 'removeProjectReference', { status: 200 }, () =>
      rejection(client.removeReferenceFromProject(testProject())),
    );
    expect(ok.message).toBe('api status code unexpected: status code 200 not valid');
  });
});

describe('order of the steps', () => {
  it('no Kubernetes client in context: context invalid, no factory call, no HTTP', async () => {
    const clientFactory = jest.fn(async () => {
      throw new Error('factory must not run');
    });
    const client = new References(undefined, env.options, env.clientOptions, { clientFactory });
    const from = env.server.requests.length;
    const error = await rejection(client.addReferenceToProject(testProject()));
    expect(error).toBeInstanceOf(InvalidContextError);
    expect(error.message).toBe('context invalid');
    expect(clientFactory).not.toHaveBeenCalled();
    expect(env.server.requests.length).toBe(from);
  });

  it('the factory runs before label parsing: its error wins over missing labels', async () => {
    const client = new References(undefined, env.options, env.clientOptions, {
      clientFactory: async () => {
        throw new Error('secret not found');
      },
    });
    const unlabelled = resource('project', 'no-labels', { labels: null });
    await expect(withKubernetesClient(env.kube, () => client.removeReferenceFromProject(unlabelled))).rejects.toThrow(
      'secret not found',
    );
  });

  it('takes the Kubernetes client from core context like Go; an unlabelled resource fails after the reference, before HTTP', async () => {
    const client = new References(undefined, env.options, env.clientOptions, env.settings);
    const unlabelled = resource('project', 'no-labels', { labels: null });
    const from = env.server.requests.length;
    const error = await rejection(withKubernetesClient(env.kube, () => client.addReferenceToProject(unlabelled)));
    expect(error.message).toBe('consistency error: resource missing organization ID label');
    expect(env.server.requests.length).toBe(from);
    await withKubernetesClient(env.kube, () => client.addReferenceToProject(testProject()));
  });
});
