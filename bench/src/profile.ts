/**
 * Profiling helper for the client-side cost of one subject: runs it (or the bare baseline) in a closed loop against
 * the bench's loopback mTLS server, so `node --cpu-prof` shows where the client's time goes.
 *
 *   node --cpu-prof --cpu-prof-dir /tmp/prof src/profile.ts --subject 1b --ops 20000 --concurrency 64
 *
 * `--cheap` runs `5`/`bare5` against the cheap MTLSServer (201/204 at once) instead of the RegionAPIServer.
 *
 * Subjects: `bare` (undici.request), `1` (`BaseClient.apiClient(builder)` with the minimal builder), `1b` (one `apiClient()` reused → `networks.list()`), `8` (`apiClient()` per
 * request), `5` (`References` add + remove), `bare5` (its bare PUT + DELETE baseline). It prints the CPU microseconds per operation of the main thread.
 */

import { parseArgs } from 'node:util';
import { escapePathSegment } from '@unikorn-cloud/core-client';
import { BaseClient, withPrincipal } from '@unikorn-cloud/identity-client';
import { Client, References } from '@unikorn-cloud/region-client';
import { startFixtures } from './fixtures.ts';
import { type Operation, runLoad } from './load.ts';
import {
  apiPrincipal,
  bareList,
  bareReferenceRoundTrip,
  controllerResource,
  listBuilder,
  referencedNetwork,
  signedResourcePrincipal,
} from './rows/subjects.ts';
import { installTracing, withActiveSpan } from './trace.ts';

const { values } = parseArgs({
  options: {
    subject: { type: 'string', default: '1b' },
    ops: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    // Rows 5/bare5 against the cheap MTLSServer (201/204 at once) instead of the RegionAPIServer: more client work per second.
    cheap: { type: 'boolean', default: false },
  },
});

installTracing();
const fixtures = await startFixtures();
try {
  const identity = await fixtures.identity(
    'profile',
    values.subject === '5' || values.subject === 'bare5' ? 'rsa-4096' : 'ec-p256',
  );
  const url =
    (values.subject === '5' || values.subject === 'bare5') && !values.cheap
      ? (fixtures.server.regionUrl ?? fixtures.server.cheapUrl)
      : fixtures.server.cheapUrl;
  const settings = { dispatcherCache: fixtures.dispatcherCache };
  const region = new Client(fixtures.kube, identity.options(url), identity.clientOptions(), settings);
  let operation: Operation;
  switch (values.subject) {
    case 'bare':
      operation = bareList(url, fixtures.bareAgent(identity));
      break;
    case '1': {
      const base = new BaseClient(fixtures.kube, identity.options(url), identity.clientOptions(), settings);
      const minimal = await base.apiClient(listBuilder);
      operation = () => minimal.listNetworks();
      break;
    }
    case '1b': {
      const api = await region.apiClient();
      operation = () => api.networks.list();
      break;
    }
    case '8':
      operation = async () => (await region.apiClient()).networks.list();
      break;
    case '5':
    case 'bare5': {
      const networkId = await referencedNetwork(fixtures, 'profile-network');
      const references = new References(undefined, identity.options(url), identity.clientOptions(), {
        kube: fixtures.kube,
        ...settings,
      });
      const resources = Array.from({ length: 64 }, (_, lane) => controllerResource(`profile-${lane}`));
      if (values.subject === 'bare5') {
        const token = await signedResourcePrincipal(resources[0], identity.certificate.privateKey);
        const targets = resources.map(
          (resource) =>
            `${url}/api/v2/networks/${networkId}/references/${escapePathSegment(escapePathSegment(`computeclusters.compute.unikorn-cloud.org/${resource.metadata.name}`))}`,
        );
        operation = bareReferenceRoundTrip(targets, token, fixtures.bareAgent(identity));
        break;
      }
      operation = async (lane) => {
        await references.addReferenceToNetwork(networkId, resources[lane]);
        await references.removeReferenceFromNetwork(networkId, resources[lane]);
      };
      break;
    }
    default:
      throw new Error(`unknown subject ${values.subject}`);
  }
  const ops = Number(values.ops);
  const concurrency = Number(values.concurrency);
  // As in the bench: rows 1, 1b and 8 run inside an active span (traceparent sent), row 5 outside one.
  const inSpan = values.subject === '5' || values.subject === 'bare5' ? <T>(fn: () => T) => fn() : withActiveSpan;
  await withPrincipal(apiPrincipal, () => inSpan(() => runLoad(operation, Math.min(ops, 2000), concurrency)));
  const segment = await withPrincipal(apiPrincipal, () => inSpan(() => runLoad(operation, ops, concurrency, false)));
  process.stdout.write(
    `${values.subject}: ${(segment.threadCpuUs / ops).toFixed(1)} µs CPU per op, ${((ops * 1e9) / segment.elapsedNs).toFixed(0)} ops/s\n`,
  );
} finally {
  await fixtures.close();
}
