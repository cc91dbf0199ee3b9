/**
 * Rows 6 and 7: the identity layer Go callers use, against the testkit-api IdentityAPIServer (contract validation,
 * X-Principal verification, in-memory projects and allocations) in the server worker.
 *
 * - Row 6: `Allocations.create` + `update` + `delete` of one resource, as an API handler does it (one `apiClient()`
 *   built up front, the request principal in context) vs bare POST (201) + PUT (200) + DELETE (202) sending the same
 *   bodies and the same X-Principal.
 * - Row 7: identity `References.addReferenceToProject` + `removeReferenceFromProject` (controller client per call,
 *   signed principal, RSA-4096) vs bare PUT (201) + DELETE (204) with the same path and X-Principal.
 */

import { escapePathSegment, marshalGoJSON } from '@unikorn-cloud/core-client';
import { Allocations, Client, encodePrincipalHeader, References, withPrincipal } from '@unikorn-cloud/identity-client';
import { request } from 'undici';
import { type Comparison, compare } from '../compare.ts';
import type { Fixtures } from '../fixtures.ts';
import { type Check, check, type RowResult } from '../result.ts';
import type { BenchSettings, LoadSize } from '../settings.ts';
import { apiPrincipal, bareReferenceRoundTrip, signedResourcePrincipal } from './subjects.ts';

const organizationId = apiPrincipal.organizationId ?? '';
const projectId = apiPrincipal.projectId ?? '';
const networkKind = { group: 'region.unikorn-cloud.org', version: 'v1alpha1', kind: 'Network', plural: 'networks' };

/** A labelled region Network resource, as a region API handler holds it. */
function network(name: string) {
  return {
    apiVersion: `${networkKind.group}/${networkKind.version}`,
    kind: networkKind.kind,
    metadata: {
      name,
      namespace: 'unikorn',
      labels: { 'unikorn-cloud.org/organization': organizationId, 'unikorn-cloud.org/project': projectId },
      annotations: { 'unikorn-cloud.org/creator': apiPrincipal.actor ?? '' } as Record<string, string>,
    },
  };
}

/** The client CPU target of both rows at every concurrency. */
function cpuChecks(results: readonly Comparison[], maximum: number): Check[] {
  return results.map((result) =>
    check(
      `client-CPU ratio at c=${result.concurrency}`,
      `≤ ${maximum.toFixed(2)}`,
      result.ratios.cpu,
      result.ratios.cpu <= maximum,
    ),
  );
}

async function run(
  fixtures: Fixtures,
  settings: BenchSettings,
  size: (concurrency: number) => LoadSize,
  bare: (lane: number) => Promise<unknown>,
  subject: (lane: number) => Promise<unknown>,
): Promise<Comparison[]> {
  const results: Comparison[] = [];
  for (const concurrency of settings.concurrencies) {
    results.push(
      await compare({ bare, subject, concurrency, serverCpuUs: fixtures.serverCpuUs, ...size(concurrency) }),
    );
  }
  return results;
}

function identityUrl(fixtures: Fixtures): string {
  const url = fixtures.server.identityUrl;
  if (url === undefined) throw new Error('the identity server is not running');
  return url;
}

async function expectStatus(response: Awaited<ReturnType<typeof request>>, status: number, what: string) {
  const text = await response.body.text();
  if (response.statusCode !== status) throw new Error(`bare ${what}: status ${response.statusCode}`);
  return text;
}

/** Row 6. */
export async function allocationsRow(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult> {
  const identity = await fixtures.identity('allocations', 'ec-p256');
  const url = identityUrl(fixtures);
  fixtures.kubernetes.registerResource(networkKind);
  await fixtures.server.addProject({ organizationId, id: projectId, name: 'bench' });
  const client = new Client(fixtures.kube, identity.identityOptions(url), identity.clientOptions(), {
    dispatcherCache: fixtures.dispatcherCache,
  });
  // API handlers build one identity client at start-up and serve every request with it.
  const allocations = new Allocations(fixtures.kube, await client.apiClient());
  const lanes = Math.max(...settings.concurrencies);
  const networks = Array.from({ length: lanes }, (_, lane) => network(`bench-network-${lane}`));
  const quantities = [{ kind: 'networks', committed: 1 }];
  const subject = async (lane: number) => {
    const resource = networks[lane];
    await allocations.create(resource, quantities);
    await allocations.update(resource, quantities);
    await allocations.delete(resource);
  };

  // The baseline sends what the subject sends: the Go JSON body and the unsigned X-Principal.
  const agent = fixtures.bareAgent(identity);
  const headers = { 'X-Principal': encodePrincipalHeader(apiPrincipal), 'Content-Type': 'application/json' };
  const deleteHeaders = { 'X-Principal': headers['X-Principal'] };
  const collection = `${url}/api/v1/organizations/${organizationId}/projects/${projectId}/allocations`;
  const bodies = networks.map((resource) =>
    marshalGoJSON({
      metadata: { name: 'undefined' },
      spec: {
        allocations: [{ committed: 1, kind: 'networks', reserved: 0 }],
        id: resource.metadata.name,
        kind: 'networks.region.unikorn-cloud.org',
      },
    }),
  );
  const bare = async (lane: number) => {
    const body = bodies[lane];
    const created = await request(collection, { method: 'POST', headers, body, dispatcher: agent });
    const id = (JSON.parse(await expectStatus(created, 201, 'POST allocation')) as { metadata: { id: string } })
      .metadata.id;
    const item = `${collection}/${id}`;
    await expectStatus(await request(item, { method: 'PUT', headers, body, dispatcher: agent }), 200, 'PUT allocation');
    await expectStatus(
      await request(item, { method: 'DELETE', headers: deleteHeaders, dispatcher: agent }),
      202,
      'DELETE',
    );
  };

  const results = await withPrincipal(apiPrincipal, async () => {
    await subject(0);
    await bare(0);
    return run(fixtures, settings, settings.referenceLoad, bare, subject);
  });
  return {
    id: '6',
    title: 'Allocations create + update + delete',
    subject: '`Allocations.create` + `update` + `delete` through one `apiClient()` (request principal, unsigned)',
    baseline: 'bare `undici.request` POST (201) + PUT (200) + DELETE (202) with the same bodies and X-Principal',
    comparisons: results,
    figures: { server: 'IdentityAPIServer' },
    checks: cpuChecks(results, 1.2),
    notes: [
      'Server: testkit-api `IdentityAPIServer` (contract validation, principal decoding, in-memory allocations). One operation = three requests; each lane charges its own Network resource (reference from discovery, allocation ID from the response).',
    ],
  };
}

/** Row 7. */
export async function projectReferencesRow(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult> {
  const identity = await fixtures.identity('project-references', 'rsa-4096');
  const url = identityUrl(fixtures);
  fixtures.kubernetes.registerResource(networkKind);
  await fixtures.server.addProject({ organizationId, id: projectId, name: 'bench' }).catch(() => undefined);
  const references = new References(undefined, identity.identityOptions(url), identity.clientOptions(), {
    kube: fixtures.kube,
    dispatcherCache: fixtures.dispatcherCache,
  });
  const lanes = Math.max(...settings.concurrencies);
  const resources = Array.from({ length: lanes }, (_, lane) => network(`bench-referenced-${lane}`));
  const subject = async (lane: number) => {
    await references.addReferenceToProject(resources[lane]);
    await references.removeReferenceFromProject(resources[lane]);
  };

  // The baseline sends what the subject sends: same path (reference escaped twice, as Go does) and X-Principal.
  const token = await signedResourcePrincipal(resources[0], identity.certificate.privateKey);
  const targets = resources.map(
    (resource) =>
      `${url}/api/v1/organizations/${organizationId}/projects/${projectId}/references/${escapePathSegment(escapePathSegment(`networks.region.unikorn-cloud.org/${resource.metadata.name}`))}`,
  );
  const bare = bareReferenceRoundTrip(targets, token, fixtures.bareAgent(identity));
  await subject(0);
  await bare(0);
  const results = await run(fixtures, settings, settings.referenceLoad, bare, subject);
  return {
    id: '7',
    title: 'project References add + remove',
    subject:
      'identity `References.addReferenceToProject` + `removeReferenceFromProject` (controller client per call, RSA-4096, signed principal)',
    baseline: 'bare `undici.request` PUT (201) + DELETE (204) with the same path and X-Principal',
    comparisons: results,
    figures: { server: 'IdentityAPIServer' },
    checks: cpuChecks(results, 1.2),
    notes: [
      'Server: testkit-api `IdentityAPIServer` (contract validation, JWS verification, in-memory projects). One operation = two requests; each lane uses its own resource (reference).',
    ],
  };
}
