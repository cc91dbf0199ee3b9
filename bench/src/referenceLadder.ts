/**
 * Cost ladder of the reference round trip (a profiling aid, not part of `pnpm bench`): bare PUT + DELETE, the
 * generated operations on a controller client built once per lane, and `References` (controller client, resource
 * reference and ID parsing per call), interleaved in one process against the RegionAPIServer.
 *
 *   node --expose-gc src/referenceLadder.ts --concurrency 1 --ops 1000 --rounds 9
 */

import { parseArgs } from 'node:util';
import { escapePathSegment, generateResourceReference } from '@unikorn-cloud/core-client';
import { withPrincipal } from '@unikorn-cloud/identity-client';
import { Client, References } from '@unikorn-cloud/region-client';
import { startFixtures } from './fixtures.ts';
import { runLadder, selectSubjects } from './ladderRounds.ts';
import type { Operation } from './load.ts';
import {
  apiPrincipal,
  bareReferenceRoundTrip,
  controllerResource,
  referencedNetwork,
  signedResourcePrincipal,
} from './rows/subjects.ts';
import { installTracing, withActiveSpan } from './trace.ts';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '9' },
    concurrency: { type: 'string', default: '1' },
    /** Against the cheap MTLSServer (201/204 at once), so the client's share dominates. */
    cheap: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

installTracing();
const fixtures = await startFixtures();
try {
  const identity = await fixtures.identity('reference-ladder', 'rsa-4096');
  const url = values.cheap ? fixtures.server.cheapUrl : (fixtures.server.regionUrl ?? fixtures.server.cheapUrl);
  const networkId = await referencedNetwork(fixtures, 'ladder-network', !values.cheap);
  const settings = { dispatcherCache: fixtures.dispatcherCache };
  const resources = Array.from({ length: 64 }, (_, lane) => controllerResource(`ladder-${lane}`));
  const region = new Client(fixtures.kube, identity.options(url), identity.clientOptions(), settings);
  const apis = await Promise.all(resources.map((resource) => region.controllerClient(resource)));
  const referencesOf = await Promise.all(
    resources.map(async (resource) => escapePathSegment(await generateResourceReference(fixtures.kube, resource))),
  );
  const references = new References(undefined, identity.options(url), identity.clientOptions(), {
    kube: fixtures.kube,
    ...settings,
  });
  const token = await signedResourcePrincipal(resources[0], identity.certificate.privateKey);
  const targets = referencesOf.map(
    (reference) => `${url}/api/v2/networks/${networkId}/references/${escapePathSegment(reference)}`,
  );
  const subjects: Record<string, Operation> = {
    bare: bareReferenceRoundTrip(targets, token, fixtures.bareAgent(identity)),
    generated: async (lane) => {
      await apis[lane].networks.addReference({ networkId, reference: referencesOf[lane] });
      await apis[lane].networks.removeReference({ networkId, reference: referencesOf[lane] });
    },
    controllerPerCall: async (lane) => {
      const api = await region.controllerClient(resources[lane]);
      await api.networks.addReference({ networkId, reference: referencesOf[lane] });
      await api.networks.removeReference({ networkId, reference: referencesOf[lane] });
    },
    references: async (lane) => {
      await references.addReferenceToNetwork(networkId, resources[lane]);
      await references.removeReferenceFromNetwork(networkId, resources[lane]);
    },
  };
  const names = selectSubjects(subjects, values.only);
  const size = { ops: Number(values.ops), rounds: Number(values.rounds), concurrency: Number(values.concurrency) };
  await runLadder(subjects, names, size, (segment) => withPrincipal(apiPrincipal, () => withActiveSpan(segment)));
} finally {
  await fixtures.close();
}
