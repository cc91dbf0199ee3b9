// The region-client demo: a whole trust chain on this machine, with real parts only.
//
// It starts the testkit environment (a certificate authority, a fake Kubernetes API over HTTPS holding the
// region CA Secret and this service's client-certificate Secret, and a region API server that validates every
// request against the contract and verifies X-Principal like a Go server), then walks through:
//   1. list networks as a request-driven caller acting for a user (unsigned principal);
//   2. add a reference to a network as a controller (principal rebuilt from a resource and signed);
//   3. try to delete the network: refused while referenced;
//   4. remove the reference;
//   5. delete the network.
// Each step prints what was sent and received. Keys are never printed; signed principals are shortened.
//
// Run: `pnpm demo` at the repository root (after the build), or `node demo/demo.ts` in this package.
import { KubeConfig } from '@kubernetes/client-node';
import { APIError, defaultDispatcherCache, newHTTPClientOptions, UnikornError } from '@unikorn-cloud/core-client';
import { withPrincipal } from '@unikorn-cloud/identity-client';
import { Client, newOptions, References } from '@unikorn-cloud/region-client';
import { CertificateAuthority, FakeKubernetesAPI, tlsSecret } from '@unikorn-cloud/testkit';
import { RegionAPIServer } from '@unikorn-cloud/testkit-api';

const CONTRACT = new URL('../contract/region.v2.yaml', import.meta.url).pathname;
const NAMESPACE = 'unikorn';
const ORGANIZATION = '9a1b6d62-6f47-4b3c-9d0e-3f2a7c1e5b10';
const PROJECT = 'c3d4e5f6-0718-4a29-8b3c-4d5e6f708192';
const REGION = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
const SHOWN_HEADERS = new Set([
  'traceparent',
  'unikorn-client-certificate',
  'x-principal',
  'x-impersonate',
  'authorization',
]);

const line = (text = '') => process.stdout.write(`${text}\n`);

function shorten(value: string): string {
  // A signed principal is a JWS: show the header and the start of the payload, never the whole token.
  return value.includes('.') ? `${value.slice(0, 40)}… (JWS, ${value.length} chars)` : value;
}

function showExchange(server: RegionAPIServer, from: number): void {
  for (const [index, request] of server.requests.slice(from).entries()) {
    const call = server.calls[from + index];
    line(`   → ${request.method} ${request.rawPath}`);
    for (const [name, value] of request.rawHeaders) {
      if (SHOWN_HEADERS.has(name.toLowerCase())) line(`     ${name}: ${shorten(value)}`);
    }
    line(`     (client certificate presented: CN=${request.clientCertificate?.commonName ?? 'none'})`);
    if (call?.principal) {
      line(
        `     server decoded principal (${call.signed ? 'signed JWS, verified' : 'unsigned'}): ${JSON.stringify(call.principal)}`,
      );
    }
    line(`   ← ${call?.status ?? '?'}${call?.error ? ` ${call.error}` : ''}`);
  }
}

async function step<T>(title: string, server: RegionAPIServer, action: () => Promise<T>): Promise<T | UnikornError> {
  line();
  line(title);
  const from = server.requests.length;
  let result: T | UnikornError;
  try {
    result = await action();
  } catch (error) {
    if (!(error instanceof UnikornError)) throw error;
    result = error;
  }
  showExchange(server, from);
  if (result instanceof APIError)
    line(`   result: ${result.name} status=${result.status} error=${result.errorCode} "${result.description}"`);
  else if (result instanceof UnikornError) line(`   result: ${result.name} "${result.message}"`);
  return result;
}

async function main(): Promise<void> {
  line('Starting the testkit environment (CA, fake Kubernetes API over HTTPS, region API server)…');
  const ca = await CertificateAuthority.create({ commonName: 'demo-ca' });
  const kubernetes = await FakeKubernetesAPI.start();
  const server = await RegionAPIServer.start({ ca, contract: CONTRACT });
  const clientCertificate = await ca.issueClient('unikorn-compute', { keyType: 'rsa-2048' });
  kubernetes.putSecret({ ...tlsSecret(NAMESPACE, 'region-ca', { certificatePem: ca.certificatePem }) });
  kubernetes.putSecret({ ...tlsSecret(NAMESPACE, 'compute-client-certificate', clientCertificate) });
  kubernetes.registerResource({
    group: 'compute.unikorn-cloud.org',
    version: 'v1alpha1',
    kind: 'ComputeCluster',
    plural: 'computeclusters',
  });
  const cluster = {
    apiVersion: 'compute.unikorn-cloud.org/v1alpha1',
    kind: 'ComputeCluster',
    metadata: {
      namespace: NAMESPACE,
      name: 'cluster-7f3a',
      labels: { 'unikorn-cloud.org/organization': ORGANIZATION, 'unikorn-cloud.org/project': PROJECT },
      annotations: { 'unikorn-cloud.org/creator': 'alice@example.com' },
    },
  };
  kubernetes.putObject(cluster);
  const networkID = server.addNetwork({
    organizationId: ORGANIZATION,
    projectId: PROJECT,
    regionId: REGION,
    name: 'demo-network',
  });
  line(`   Kubernetes API: ${kubernetes.url}   region API: ${server.url}`);
  line(
    `   Secrets: ${NAMESPACE}/region-ca (CA), ${NAMESPACE}/compute-client-certificate (CN=unikorn-compute, RSA-2048)`,
  );
  line(`   Network ${networkID} in project ${PROJECT}`);

  const kube = new KubeConfig();
  kube.loadFromString(kubernetes.kubeconfigYaml());
  // The same values the Go flags --region-host, --region-ca-secret-*, --client-certificate-* would carry.
  const options = newOptions({ host: server.url, caSecretNamespace: NAMESPACE, caSecretName: 'region-ca' });
  const clientOptions = newHTTPClientOptions({
    certificateNamespace: NAMESPACE,
    certificateName: 'compute-client-certificate',
  });
  const api = await new Client(kube, options, clientOptions).apiClient();
  const references = new References(undefined, options, clientOptions, { kube });
  const user = { organizationId: ORGANIZATION, projectId: PROJECT, type: 'user' as const, actor: 'alice@example.com' };

  let failed = false;
  const expect = (ok: boolean, what: string) => {
    if (!ok) {
      failed = true;
      line(`   UNEXPECTED: ${what}`);
    }
  };

  const listed = await step('1. List networks as a request-driven caller for alice@example.com', server, () =>
    withPrincipal(user, () => api.networks.listNetworks()),
  );
  if (Array.isArray(listed))
    line(
      `   result: ${listed.length} network(s): ${listed.map((n) => `${n.metadata.name} (${n.metadata.id})`).join(', ')}`,
    );
  expect(Array.isArray(listed) && listed.length === 1, 'list should return the demo network');

  const added = await step('2. Add a reference as the controller of ComputeCluster cluster-7f3a', server, () =>
    references.addReferenceToNetwork(networkID, cluster),
  );
  line(`   network references now: ${JSON.stringify(server.references(networkID))}`);
  expect(!(added instanceof UnikornError) && server.references(networkID).length === 1, 'reference should be added');

  const refused = await step('3. Delete the network while it is referenced', server, () =>
    withPrincipal(user, () => api.networks.deleteNetwork(networkID)),
  );
  expect(refused instanceof APIError && refused.status === 403, 'delete should be refused with 403');

  const removed = await step('4. Remove the reference as the controller', server, () =>
    references.removeReferenceFromNetwork(networkID, cluster),
  );
  line(`   network references now: ${JSON.stringify(server.references(networkID))}`);
  expect(
    !(removed instanceof UnikornError) && server.references(networkID).length === 0,
    'reference should be removed',
  );

  const deleted = await step('5. Delete the network', server, () =>
    withPrincipal(user, () => api.networks.deleteNetwork(networkID)),
  );
  expect(!(deleted instanceof UnikornError) && server.network(networkID) === undefined, 'network should be deleted');

  line();
  line(
    `Kubernetes Secret reads: region-ca ${kubernetes.reads(NAMESPACE, 'region-ca')}, compute-client-certificate ${kubernetes.reads(NAMESPACE, 'compute-client-certificate')} (one each: the TLS dispatcher is shared)`,
  );
  await defaultDispatcherCache.close();
  await server.close();
  await kubernetes.close();
  line(
    failed
      ? 'Demo finished with unexpected results.'
      : 'Demo finished: every step behaved as a Go region server and client would.',
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
