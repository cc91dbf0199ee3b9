import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, FakeKubernetesAPI, FakeWorkloadAPI } from '@unikorn-cloud/testkit';
import { RegionAPIServer } from '@unikorn-cloud/testkit-api';
import { runCLI, USER_FLAGS } from './support/cli';
import {
  CLUSTER_API_VERSION,
  CLUSTER_KIND,
  CLUSTER_NAME,
  CONTRACT_PATH,
  clusterReference,
  computeCluster,
  NAMESPACE,
  ORGANIZATION,
  PROJECT,
  REGION,
  registerComputeClusters,
} from './support/environment';

// The CLI in SPIFFE mode against the testkit's fake Workload API: the client certificate is the agent's
// X.509-SVID, the server is authorised by its SPIFFE ID, and no Kubernetes Secret is read.
const CLIENT_ID = 'spiffe://example.org/ns/unikorn-compute/sa/compute-cli';
const SERVER_ID = 'spiffe://example.org/ns/unikorn-region/sa/region-server';

let agent: FakeWorkloadAPI;
let server: RegionAPIServer;
let kubernetes: FakeKubernetesAPI;
let directory: string;
let kubeconfig: string;
let networkID: string;

beforeAll(async () => {
  const bundle = await CertificateAuthority.create({ commonName: 'spiffe-bundle-ca' });
  [agent, server, kubernetes] = await Promise.all([
    FakeWorkloadAPI.start({ ca: bundle, spiffeId: CLIENT_ID }),
    RegionAPIServer.start({
      ca: bundle,
      certificate: await bundle.issue({ commonName: '', usage: 'server', uris: [SERVER_ID] }),
      trustedCAs: bundle,
      contract: CONTRACT_PATH,
    }),
    FakeKubernetesAPI.start(),
  ]);
  registerComputeClusters(kubernetes);
  kubernetes.putObject(computeCluster(CLUSTER_NAME));
  networkID = server.addNetwork({ organizationId: ORGANIZATION, projectId: PROJECT, regionId: REGION, name: 'svid' });
  directory = mkdtempSync(join(tmpdir(), 'region-cli-spiffe-'));
  kubeconfig = join(directory, 'kubeconfig');
  writeFileSync(kubeconfig, kubernetes.kubeconfigYaml(), { mode: 0o600 });
});

afterAll(async () => {
  await Promise.all([agent?.close(), server?.close(), kubernetes?.close()]);
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const run = runCLI;

/** The flags of a SPIFFE-mode deployment: no CA Secret, no client-certificate Secret. */
const spiffe = (serverId = SERVER_ID) => [
  `--region-host=${server.url}`,
  '--client-certificate-source=spiffe',
  `--spiffe-server-id=${serverId}`,
  '--spiffe-endpoint-socket',
  agent.address,
  '--kubeconfig',
  kubeconfig,
  '--timeout=20s',
];

const user = USER_FLAGS;

describe('unikorn-region --client-certificate-source=spiffe', () => {
  it('networks list presents the X.509-SVID from the Workload API and reads no Kubernetes Secret', async () => {
    const result = await run(['networks', 'list', '-o', 'json', ...spiffe(), ...user]);
    expect(result.stderr).toEqual([]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.join('\n'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ metadata: expect.objectContaining({ id: networkID }) })]),
    );
    const request = server.requests.at(-1)!;
    const presented = new X509Certificate(request.clientCertificate?.pem ?? '');
    expect(presented.subjectAltName).toBe(`URI:${CLIENT_ID}`);
    expect(presented.fingerprint256).toBe(new X509Certificate(agent.svid.certificates[0]).fingerprint256);
    expect(server.calls.at(-1)).toMatchObject({ operationId: 'listNetworks', valid: true, status: 200 });
    expect(kubernetes.requests.filter((r) => r.path.includes('/secrets'))).toEqual([]);
  });

  it('references add signs the principal with the SVID key; the server verifies it against the presented SVID', async () => {
    const locator = `${CLUSTER_API_VERSION}/${CLUSTER_KIND}/${NAMESPACE}/${CLUSTER_NAME}`;
    const result = await run(['references', 'add', networkID, locator, ...spiffe()]);
    expect(result.stderr).toEqual([]);
    expect(result).toMatchObject({ code: 0, stdout: [`reference added to network ${networkID}`] });
    expect(server.calls.at(-1)).toMatchObject({ operationId: 'addNetworkReference', signed: true, status: 201 });
    expect(server.references(networkID)).toEqual([clusterReference(CLUSTER_NAME)]);
  });

  it('a server presenting another SPIFFE ID is refused before any request: one line, exit 1', async () => {
    const from = server.requests.length;
    const result = await run(['networks', 'list', ...spiffe('spiffe://example.org/ns/other/sa/impostor'), ...user]);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(
      /^unikorn-region: .*spiffe:\/\/example\.org\/ns\/unikorn-region\/sa\/region-server/,
    );
    expect(server.requests.length).toBe(from);
  });

  it('spiffe mode without --spiffe-server-id fails with the Go text', async () => {
    const argv = spiffe().filter((word) => !word.startsWith('--spiffe-server-id'));
    const result = await run(['networks', 'list', ...argv, ...user]);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual(['unikorn-region: client credential: --spiffe-server-id is required in spiffe mode']);
  });
});
