/**
 * Quota allocations (Go `identity/pkg/client` allocations.go) against the contract-validating identity server over
 * mTLS: where each operation takes its principal from, the request bodies byte for byte, accepted statuses, the
 * allocation annotation, ID parsing and error texts.
 */

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  APIError,
  APIStatusError,
  ConsistencyError,
  httpConflict,
  InvalidContextError,
  InvalidUUIDError,
  TypeConversionError,
} from '@unikorn-cloud/core-client';
import { errorReply } from '@unikorn-cloud/testkit-api';
import { withPrincipal } from '../../src/context';
import type { IdentityAPI } from '../../src/generated';
import { Allocations } from '../../src/identity/allocations';
import { principalIDs } from '../../src/identity/projectScope';
import {
  answering,
  CREATOR,
  headerOf,
  type IdentityEnvironment,
  KINDS,
  ORGANIZATION,
  PROJECT,
  rejection,
  resource,
  startIdentityEnvironment,
  type TestResource,
} from './support/identityEnvironment';

const ALLOCATION_ANNOTATION = 'unikorn-cloud.org/allocation-id';
const USER = { organizationId: ORGANIZATION, projectId: PROJECT, type: 'user' as const, actor: CREATOR };
const ALLOCATIONS_PATH = `/api/v1/organizations/${ORGANIZATION}/projects/${PROJECT}/allocations`;
const N1_BODY =
  '{"metadata":{"name":"undefined"},"spec":{"allocations":[{"committed":1,"kind":"networks","reserved":0}],"id":"n1","kind":"networks.region.unikorn-cloud.org"}}';

let env: IdentityEnvironment;
let api: IdentityAPI;
let allocations: Allocations;

beforeAll(async () => {
  env = await startIdentityEnvironment();
  api = await env.client().apiClient();
  allocations = new Allocations(env.kube, api);
});

afterAll(async () => {
  await env?.close();
});

/** A network that already has an allocation (created through the server). */
async function allocatedNetwork(name = 'n1'): Promise<TestResource> {
  const network = resource('network', name);
  await withPrincipal(USER, () => allocations.create(network, [{ kind: 'networks', committed: 1 }]));
  return network;
}

const sentSince = (from: number) => env.server.requests.slice(from);

describe('principal IDs (Go parsePrincipalIDs)', () => {
  it('valid IDs parse and print as given', () => {
    const [organization, project] = principalIDs({
      organizationId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
      projectId: '550e8400-e29b-41d4-a716-446655440000',
    });
    expect(String(organization)).toBe('f47ac10b-58cc-4372-a567-0e02b2c3d479');
    expect(String(project)).toBe('550e8400-e29b-41d4-a716-446655440000');
  });

  it('an invalid organization: invalid UUID length: 10: invalid organization ID in principal', () => {
    let error: unknown;
    try {
      principalIDs({ organizationId: 'not-a-uuid', projectId: PROJECT });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidUUIDError);
    expect((error as Error).message).toBe('invalid UUID length: 10: invalid organization ID in principal');
  });

  it('an invalid project: invalid UUID length: 10: invalid project ID in principal', () => {
    expect(() => principalIDs({ organizationId: ORGANIZATION, projectId: 'not-a-uuid' })).toThrow(
      'invalid UUID length: 10: invalid project ID in principal',
    );
  });

  it('both invalid: only the organization error', () => {
    expect(() => principalIDs({ organizationId: 'bad-org', projectId: 'bad-proj' })).toThrow(
      'invalid UUID length: 7: invalid organization ID in principal',
    );
  });
});

describe('Allocations.create', () => {
  it('POSTs the Go body for the context principal and annotates the in-memory resource only', async () => {
    const network = resource('network', 'n1', { annotations: { 'unikorn-cloud.org/creator': CREATOR, other: 'kept' } });
    const fromServer = env.server.requests.length;
    env.kubernetes.clearRequests();
    await withPrincipal(USER, () => allocations.create(network, [{ kind: 'networks', committed: 1 }]));
    const [sent] = sentSince(fromServer);
    expect(`${sent.method} ${sent.rawPath}`).toBe(`POST ${ALLOCATIONS_PATH}`);
    expect(headerOf(sent.rawHeaders, 'content-type')).toBe('application/json');
    expect(sent.body).toBe(N1_BODY);
    const id = network.metadata.annotations?.[ALLOCATION_ANNOTATION];
    expect(env.server.allocation(ORGANIZATION, PROJECT, id ?? '')).toMatchObject({
      kind: 'networks.region.unikorn-cloud.org',
      resourceId: 'n1',
    });
    expect(network.metadata.annotations).toMatchObject({ other: 'kept', 'unikorn-cloud.org/creator': CREATOR });
    // Nothing is written to Kubernetes (discovery reads only).
    expect(env.kubernetes.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(env.server.calls.at(-1)).toMatchObject({ operationId: 'createAllocation', signed: false, principal: USER });
  });

  it('creates the annotations map when the resource has none', async () => {
    const network = resource('network', 'no-annotations', { annotations: null });
    await withPrincipal(USER, () => allocations.create(network, [{ kind: 'networks', committed: 1 }]));
    expect(Object.keys(network.metadata.annotations ?? {})).toEqual([ALLOCATION_ANNOTATION]);
  });

  it('takes the principal from the context, not from the resource', async () => {
    const other = '0b9a4ef4-5d49-4b3c-a8f1-5b1c2f1d9a01';
    const otherProject = env.server.addProject({ organizationId: other });
    const network = resource('network', 'charged-elsewhere');
    const from = env.server.requests.length;
    await withPrincipal({ organizationId: other, projectId: otherProject, actor: 'bob@example.com' }, () =>
      allocations.create(network, [{ kind: 'networks', committed: 1 }]),
    );
    expect(sentSince(from)[0].rawPath).toBe(`/api/v1/organizations/${other}/projects/${otherProject}/allocations`);
    expect(env.server.allocations(other, otherProject)).toHaveLength(1);
  });

  it('accepts an explicit identity context', async () => {
    const network = resource('network', 'explicit-context');
    await allocations.create(network, [{ kind: 'networks', committed: 1 }], { principal: USER });
    expect(network.metadata.annotations?.[ALLOCATION_ANNOTATION]).toMatch(/^[0-9a-f-]{36}$/);
    expect(env.server.calls.at(-1)).toMatchObject({ operationId: 'createAllocation', principal: USER });
  });

  it('no principal: context invalid: principal is not defined: unable to get principal, no request', async () => {
    const from = env.server.requests.length;
    const error = await rejection(allocations.create(resource('network', 'n1'), [{ kind: 'networks', committed: 1 }]));
    expect(error).toBeInstanceOf(InvalidContextError);
    expect(error.message).toBe('context invalid: principal is not defined: unable to get principal');
    expect(env.server.requests.length).toBe(from);
  });

  it('an empty organization: invalid UUID length: 0: invalid organization ID in principal', async () => {
    const error = await rejection(
      withPrincipal({ organizationId: '', projectId: PROJECT }, () =>
        allocations.create(resource('network', 'n1'), []),
      ),
    );
    expect(error).toBeInstanceOf(InvalidUUIDError);
    expect(error.message).toBe('invalid UUID length: 0: invalid organization ID in principal');
  });

  it('200 is api status code unexpected (annotation unset); 403 quota an API error; 404 JSON404 not defined', async () => {
    const network = resource('network', 'n1');
    const ok = await answering(env.server, 'createAllocation', { status: 200 }, () =>
      rejection(withPrincipal(USER, () => allocations.create(network, [{ kind: 'networks', committed: 1 }]))),
    );
    expect(ok).toBeInstanceOf(APIStatusError);
    expect(ok.message).toBe('api status code unexpected: status code 200 not valid');
    expect(network.metadata.annotations?.[ALLOCATION_ANNOTATION]).toBeUndefined();

    const quotaOrganization = '5b0f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    const quotaProject = env.server.addProject({ organizationId: quotaOrganization });
    env.server.setQuota(quotaOrganization, 'networks', 1);
    const principal = { organizationId: quotaOrganization, projectId: quotaProject };
    const overQuota = await rejection(
      withPrincipal(principal, () => allocations.create(network, [{ kind: 'networks', committed: 2 }])),
    );
    expect(overQuota).toBeInstanceOf(APIError);
    expect(overQuota).toMatchObject({
      status: 403,
      errorCode: 'forbidden',
      message: 'total networks allocation of 2 would exceed quota limit of 1',
    });

    const notFound = await answering(
      env.server,
      'createAllocation',
      {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
        body: '{"error":"not_found","error_description":"x"}',
      },
      () => rejection(withPrincipal(USER, () => allocations.create(network, []))),
    );
    expect(notFound).toBeInstanceOf(TypeConversionError);
    expect(notFound.message).toBe('type conversion error: error field JSON404 not defined');
  });

  it('a 201 without an allocation ID is a typed error, not a crash (Go would dereference nil)', async () => {
    const network = resource('network', 'n1');
    const error = await answering(
      env.server,
      'createAllocation',
      { status: 201, headers: { 'Content-Type': 'application/json' }, body: '{}' },
      () => rejection(withPrincipal(USER, () => allocations.create(network, []))),
    );
    expect(error).toBeInstanceOf(TypeConversionError);
    expect(network.metadata.annotations?.[ALLOCATION_ANNOTATION]).toBeUndefined();
  });

  it('the kind/id split: <plural>.<group> and the name; group unikorn-cloud.org is rewritten', async () => {
    const from = env.server.requests.length;
    await withPrincipal(USER, () =>
      allocations.create(resource('computeCluster', 'abc'), [{ kind: 'clusters', committed: 1 }]),
    );
    await withPrincipal(USER, () =>
      allocations.create(resource('legacyCluster', 'k1'), [{ kind: 'clusters', committed: 1 }]),
    );
    const specs = sentSince(from).map(
      (request) => (JSON.parse(request.body) as { spec: { kind: string; id: string } }).spec,
    );
    expect(specs.map(({ kind, id }) => [kind, id])).toEqual([
      ['computeclusters.compute.unikorn-cloud.org', 'abc'],
      [`${KINDS.legacyCluster.plural}.kubernetes.unikorn-cloud.org`, 'k1'],
    ]);
  });

  it('no allocations list sends "allocations":[] (Go would send null, which the schema rejects)', async () => {
    const from = env.server.requests.length;
    await withPrincipal(USER, () => allocations.create(resource('network', 'empty')));
    expect(sentSince(from)[0].body).toContain('"allocations":[]');
    expect(env.server.calls.at(-1)).toMatchObject({ operationId: 'createAllocation', valid: true, status: 201 });
  });

  it("sends the allocations in the caller's order with all three quantities", async () => {
    const from = env.server.requests.length;
    await withPrincipal(USER, () =>
      allocations.create(resource('network', 'many'), [
        { kind: 'servers', reserved: 2 },
        { kind: 'gpus', committed: 4, reserved: 1 },
      ]),
    );
    expect(JSON.parse(sentSince(from)[0].body).spec.allocations).toEqual([
      { committed: 0, kind: 'servers', reserved: 2 },
      { committed: 4, kind: 'gpus', reserved: 1 },
    ]);
  });
});

describe('Allocations.update', () => {
  it('the principal comes from the resource (principal labels win), the ID canonical; 200 leaves the resource alone', async () => {
    const network = await allocatedNetwork();
    const id = network.metadata.annotations?.[ALLOCATION_ANNOTATION] ?? '';
    const secondOrganization = '0b9a4ef4-5d49-4b3c-a8f1-5b1c2f1d9a01';
    const secondProject = env.server.addProject({ organizationId: secondOrganization, id: PROJECT.replace(/^5/, '6') });
    // The resource was created for another organization than its plain label says; update charges that one.
    const moved = resource('network', 'n1', {
      labels: {
        'unikorn-cloud.org/organization': ORGANIZATION,
        'principal.unikorn-cloud.org/organization': secondOrganization,
        'unikorn-cloud.org/project': secondProject,
      },
      annotations: { [ALLOCATION_ANNOTATION]: id.toUpperCase() },
    });
    const before = JSON.stringify(moved);
    const from = env.server.requests.length;
    const error = await rejection(
      withPrincipal(USER, () => allocations.update(moved, [{ kind: 'networks', committed: 1 }])),
    );
    const [sent] = sentSince(from);
    expect(`${sent.method} ${sent.rawPath}`).toBe(
      `PUT /api/v1/organizations/${secondOrganization}/projects/${secondProject}/allocations/${id}`,
    );
    expect(sent.body).toBe(N1_BODY);
    // That organization has no such allocation: 404 is propagated (a documented status for update).
    expect(error).toMatchObject({ status: 404, errorCode: 'not_found' });

    const fromUpdate = env.server.requests.length;
    const original = JSON.stringify(network);
    await withPrincipal(USER, () => allocations.update(network, [{ kind: 'networks', committed: 3 }]));
    expect(JSON.stringify(network)).toBe(original);
    expect(before).toBe(JSON.stringify(moved));
    expect(sentSince(fromUpdate)[0].rawPath).toBe(`${ALLOCATIONS_PATH}/${id}`);
    expect(env.server.allocation(ORGANIZATION, PROJECT, id)?.allocations).toEqual([
      { committed: 3, kind: 'networks', reserved: 0 },
    ]);
  });

  it('201 and 202 are api status code unexpected', async () => {
    const network = await allocatedNetwork();
    for (const status of [201, 202]) {
      const error = await answering(env.server, 'updateAllocation', { status }, () =>
        rejection(withPrincipal(USER, () => allocations.update(network, []))),
      );
      expect(error.message).toBe(`api status code unexpected: status code ${status} not valid`);
    }
  });

  it('signs the resource principal with a controller client', async () => {
    const network = await allocatedNetwork();
    const controller = new Allocations(env.kube, await env.client().controllerClient(network));
    await controller.update(network, [{ kind: 'networks', committed: 1 }]);
    expect(env.server.calls.at(-1)).toMatchObject({
      operationId: 'updateAllocation',
      status: 200,
      signed: true,
      principal: { organizationId: ORGANIZATION, projectId: PROJECT, actor: CREATOR },
    });
  });
});

describe('Allocations.update and Allocations.delete: resource checks before any request', () => {
  const checks: [string, TestResource, string, unknown][] = [
    [
      'nil labels',
      resource('network', 'x', { labels: null, annotations: { [ALLOCATION_ANNOTATION]: PROJECT } }),
      'consistency error: labels missing from resource',
      ConsistencyError,
    ],
    [
      'nil annotations',
      resource('network', 'x', { annotations: null }),
      'consistency error: annotations missing from resource',
      ConsistencyError,
    ],
    [
      'no allocation annotation',
      resource('network', 'x', { annotations: { other: 'value' } }),
      'consistency error: resource has no allocation annotations',
      ConsistencyError,
    ],
    [
      'an empty allocation ID',
      resource('network', 'x', { annotations: { [ALLOCATION_ANNOTATION]: '' } }),
      'invalid UUID length: 0: invalid allocation ID on resource',
      InvalidUUIDError,
    ],
    [
      'allocation ID abc',
      resource('network', 'x', { annotations: { [ALLOCATION_ANNOTATION]: 'abc' } }),
      'invalid UUID length: 3: invalid allocation ID on resource',
      InvalidUUIDError,
    ],
  ];

  it.each(checks)('%s', async (_, target, message, type) => {
    const from = env.server.requests.length;
    for (const call of [() => allocations.update(target, []), () => allocations.delete(target)]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(type as new () => Error);
      expect(error.message).toBe(message);
    }
    expect(env.server.requests.length).toBe(from);
  });
});

describe('Allocations.delete', () => {
  it('sends DELETE without a reference (an unknown kind is fine); 202 and 404 are success; the annotation stays', async () => {
    const network = await allocatedNetwork();
    const id = network.metadata.annotations?.[ALLOCATION_ANNOTATION] ?? '';
    const unknown = { ...network, apiVersion: 'unknown.example.com/v1', kind: 'Unknown' };
    const from = env.server.requests.length;
    await withPrincipal(USER, () => allocations.delete(unknown));
    await withPrincipal(USER, () => allocations.delete(unknown));
    expect(env.server.calls.slice(-2).map((call) => call.status)).toEqual([202, 404]);
    expect(sentSince(from).map((request) => `${request.method} ${request.rawPath} ${request.body}`)).toEqual([
      `DELETE ${ALLOCATIONS_PATH}/${id} `,
      `DELETE ${ALLOCATIONS_PATH}/${id} `,
    ]);
    expect(env.server.allocation(ORGANIZATION, PROJECT, id)).toBeUndefined();
    expect(unknown.metadata.annotations?.[ALLOCATION_ANNOTATION]).toBe(id);
  });

  it('409 is error field JSON409 not defined; 204 and 200 are api status code unexpected', async () => {
    const network = await allocatedNetwork();
    env.server.override('deleteAllocation', () => errorReply(httpConflict(), '0'.repeat(32)));
    const conflict = await rejection(withPrincipal(USER, () => allocations.delete(network)));
    env.server.override('deleteAllocation', undefined);
    expect(conflict.message).toBe('type conversion error: error field JSON409 not defined');
    for (const status of [204, 200]) {
      const error = await answering(env.server, 'deleteAllocation', { status }, () =>
        rejection(withPrincipal(USER, () => allocations.delete(network))),
      );
      expect(error.message).toBe(`api status code unexpected: status code ${status} not valid`);
    }
  });
});
