/**
 * Row 5: `References.addReferenceToNetwork` + `removeReferenceFromNetwork` round trip (signed controller principal,
 * resource reference from discovery) vs two bare requests (PUT 201 + DELETE 204) carrying the same X-Principal, so
 * the server does the same work for both. Against the testkit-api RegionAPIServer when started, otherwise
 * against the cheap MTLSServer answering 201/204.
 */

import { escapePathSegment } from '@unikorn-cloud/core-client';
import { References } from '@unikorn-cloud/region-client';
import { type Comparison, compare } from '../compare.ts';
import type { Fixtures } from '../fixtures.ts';
import type { RowResult } from '../result.ts';
import type { BenchSettings } from '../settings.ts';
import { generatedClientChecks } from './requestRows.ts';
import {
  bareReferenceRoundTrip,
  controllerKind,
  controllerResource,
  referencedNetwork,
  signedResourcePrincipal,
} from './subjects.ts';

const { group, plural } = controllerKind;

/** Row 5. */
export async function referencesRow(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult> {
  const identity = await fixtures.identity('references', 'rsa-4096');
  const regionUrl = fixtures.server.regionUrl;
  const url = regionUrl ?? fixtures.server.cheapUrl;
  const networkId = await referencedNetwork(fixtures, 'bench-network');

  const references = new References(undefined, identity.options(url), identity.clientOptions(), {
    kube: fixtures.kube,
    dispatcherCache: fixtures.dispatcherCache,
  });
  const maxLanes = Math.max(...settings.concurrencies);
  const resources = Array.from({ length: maxLanes }, (_, lane) => controllerResource(`bench-cluster-${lane}`));
  const subject = async (lane: number) => {
    await references.addReferenceToNetwork(networkId, resources[lane]);
    await references.removeReferenceFromNetwork(networkId, resources[lane]);
  };

  // The baseline sends what the subject sends: same path (reference escaped twice, as Go does) and X-Principal.
  const token = await signedResourcePrincipal(resources[0], identity.certificate.privateKey);
  const targets = resources.map(
    (resource) =>
      `${url}/api/v2/networks/${networkId}/references/${escapePathSegment(escapePathSegment(`${plural}.${group}/${resource.metadata.name}`))}`,
  );
  const bare = bareReferenceRoundTrip(targets, token, fixtures.bareAgent(identity));
  await subject(0);
  await bare(0);

  const results: Comparison[] = [];
  for (const concurrency of settings.concurrencies) {
    const size = settings.networkReferenceLoad(concurrency);
    results.push(await compare({ bare, subject, concurrency, serverCpuUs: fixtures.serverCpuUs, ...size }));
  }
  const server =
    regionUrl === undefined
      ? 'testkit `MTLSServer` answering 201/204'
      : 'testkit-api `RegionAPIServer` (contract validation, JWS verification, in-memory networks)';
  return {
    id: '5',
    title: 'References add + remove round trip',
    subject: '`References.addReferenceToNetwork` + `removeReferenceFromNetwork` (RSA-4096, signed principal)',
    baseline: 'bare `undici.request` PUT (201) + DELETE (204) with the same path and X-Principal',
    comparisons: results,
    figures: { server: regionUrl === undefined ? 'MTLSServer 201/204' : 'RegionAPIServer' },
    checks: generatedClientChecks(results),
    notes: [
      `Server: ${server}. One operation = two requests; each lane uses its own resource (reference).`,
      ...results.map((result) => spreadNote(result)),
    ],
  };
}

// The spread behind the medians: this row's target (5 %) is smaller than the round-to-round noise of one round.
function spreadNote(result: Comparison): string {
  const sorted = [...result.roundRatios.cpu].sort((a, b) => a - b);
  const quartile = (q: number) => sorted[Math.round(q * (sorted.length - 1))].toFixed(2);
  return `c = ${result.concurrency}: client-CPU ratio per round ${quartile(0)}–${quartile(1)} (quartiles ${quartile(0.25)} / ${quartile(0.75)}) over ${result.rounds} rounds of ${result.opsPerSegment} operations per side.`;
}
