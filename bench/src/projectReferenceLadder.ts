/**
 * Cost ladder of identity's project reference round trip (a profiling aid, not part of `pnpm bench`): bare PUT +
 * DELETE and identity `References`, interleaved in one process against the IdentityAPIServer.
 *
 *   node --expose-gc src/projectReferenceLadder.ts --concurrency 1 --ops 1000 --rounds 9 [--only references]
 */

import { parseArgs } from 'node:util';
import { escapePathSegment } from '@unikorn-cloud/core-client';
import { References } from '@unikorn-cloud/identity-client';
import { startFixtures } from './fixtures.ts';
import { runLadder, selectSubjects } from './ladderRounds.ts';
import type { Operation } from './load.ts';
import { apiPrincipal, bareReferenceRoundTrip, signedResourcePrincipal } from './rows/subjects.ts';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '9' },
    concurrency: { type: 'string', default: '1' },
    only: { type: 'string' },
  },
});

const fixtures = await startFixtures();
try {
  const identity = await fixtures.identity('project-reference-ladder', 'rsa-4096');
  const url = fixtures.server.identityUrl;
  if (url === undefined) throw new Error('the identity server is not running');
  const organizationId = apiPrincipal.organizationId ?? '';
  const projectId = apiPrincipal.projectId ?? '';
  fixtures.kubernetes.registerResource({
    group: 'region.unikorn-cloud.org',
    version: 'v1alpha1',
    kind: 'Network',
    plural: 'networks',
  });
  await fixtures.server.addProject({ organizationId, id: projectId, name: 'ladder' });
  const resources = Array.from({ length: 64 }, (_, lane) => ({
    apiVersion: 'region.unikorn-cloud.org/v1alpha1',
    kind: 'Network',
    metadata: {
      name: `ladder-${lane}`,
      namespace: 'unikorn',
      labels: { 'unikorn-cloud.org/organization': organizationId, 'unikorn-cloud.org/project': projectId },
      annotations: { 'unikorn-cloud.org/creator': apiPrincipal.actor ?? '' } as Record<string, string>,
    },
  }));
  const references = new References(undefined, identity.identityOptions(url), identity.clientOptions(), {
    kube: fixtures.kube,
    dispatcherCache: fixtures.dispatcherCache,
  });
  const token = await signedResourcePrincipal(resources[0], identity.certificate.privateKey);
  const targets = resources.map(
    (resource) =>
      `${url}/api/v1/organizations/${organizationId}/projects/${projectId}/references/${escapePathSegment(escapePathSegment(`networks.region.unikorn-cloud.org/${resource.metadata.name}`))}`,
  );
  const bare = bareReferenceRoundTrip(targets, token, fixtures.bareAgent(identity));
  // The bare round trip with 40 µs of busy work before each call: shows what the timing of a write alone costs.
  const spin = () => {
    const until = process.hrtime.bigint() + 40_000n;
    while (process.hrtime.bigint() < until);
  };
  const subjects: Record<string, Operation> = {
    bare,
    bareSpin: async (lane) => {
      spin();
      await bare(lane);
    },
    references: async (lane) => {
      await references.addReferenceToProject(resources[lane]);
      await references.removeReferenceFromProject(resources[lane]);
    },
  };
  const names = selectSubjects(subjects, values.only);
  const size = { ops: Number(values.ops), rounds: Number(values.rounds), concurrency: Number(values.concurrency) };
  await runLadder(subjects, names, size);
} finally {
  await fixtures.close();
}
