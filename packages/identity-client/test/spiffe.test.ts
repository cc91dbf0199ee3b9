import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  DispatcherCache,
  type HTTPClientOptions,
  initSPIFFE,
  newHTTPClientOptions,
  newHTTPOptions,
  type SpiffeCloser,
  verifyAndDecode,
} from '@unikorn-cloud/core-client';
import { CertificateAuthority, FakeKubernetesAPI, FakeWorkloadAPI, MTLSServer } from '@unikorn-cloud/testkit';
import { BaseClient, principalFromResource } from '../src';
import { testClient } from './support/environment';
import { kubeConfigFromYaml } from './support/kubernetes';
import { TestMetricReader } from './support/telemetrySdk';

const CLIENT_ID = 'spiffe://example.org/ns/unikorn-identity/sa/identity-controller';
const SERVER_ID = 'spiffe://example.org/ns/unikorn-region/sa/region-server';

const resource = {
  metadata: {
    name: 'network-1',
    labels: { 'unikorn-cloud.org/organization': 'org-1', 'unikorn-cloud.org/project': 'proj-1' },
    annotations: { 'principal.unikorn-cloud.org/creator': 'creator@example.com' },
  },
};

let agent: FakeWorkloadAPI;
let api: FakeKubernetesAPI;
let server: MTLSServer;
let closer: SpiffeCloser;
let base: BaseClient;
let spiffeClientOptions: HTTPClientOptions;

beforeAll(async () => {
  const bundleCa = await CertificateAuthority.create({ commonName: 'spiffe-bundle-ca' });
  [agent, api, server] = await Promise.all([
    FakeWorkloadAPI.start({ ca: bundleCa, spiffeId: CLIENT_ID }),
    FakeKubernetesAPI.start(),
    MTLSServer.start({
      ca: bundleCa,
      certificate: await bundleCa.issue({ commonName: '', usage: 'server', uris: [SERVER_ID] }),
      minVersion: 'TLSv1.3',
    }),
  ]);
  const clientOptions = newHTTPClientOptions().parseFlags([
    '--client-certificate-source=spiffe',
    `--spiffe-server-id=${SERVER_ID}`,
  ]);
  spiffeClientOptions = clientOptions;
  closer = await initSPIFFE(clientOptions, { endpointSocket: agent.address, timeoutMs: 5_000 });
  // The CA Secret named here does not exist: SPIFFE mode must not read it.
  const options = newHTTPOptions('region', {
    host: server.url,
    caSecretNamespace: 'unikorn',
    caSecretName: 'region-ca',
  });
  base = new BaseClient(await kubeConfigFromYaml(api.kubeconfigYaml()), options, clientOptions, {
    dispatcherCache: new DispatcherCache(),
  });
});

afterAll(async () => {
  await base.close();
  await closer.close();
  await Promise.all([agent.close(), server.close(), api.close()]);
});

function xPrincipal(rawHeaders: readonly (readonly [string, string])[]): string {
  return rawHeaders.find(([name]) => name === 'X-Principal')?.[1] ?? '';
}

describe('controllerClient in SPIFFE mode', () => {
  it('presents the SVID and signs X-Principal with the SVID key (ES256), verifiable with the SVID certificate', async () => {
    const client = await base.controllerClient(testClient, resource);
    const response = await client.get('/api/v2/networks');

    expect(response.status).toBe(200);
    const [request] = server.requests;
    const presented = new X509Certificate(request.clientCertificate?.pem ?? '');
    expect(presented.subjectAltName).toBe(`URI:${CLIENT_ID}`);
    expect(presented.fingerprint256).toBe(new X509Certificate(agent.svid.certificates[0]).fingerprint256);
    const token = xPrincipal(request.rawHeaders);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'ES256' });
    expect(await verifyAndDecode(token, presented)).toEqual(principalFromResource(resource));
    expect(api.requests).toHaveLength(0);
  });

  it('after the agent rotates the SVID, the TLS certificate and the signing key move together', async () => {
    const client = await base.controllerClient(testClient, resource);
    const previous = agent.svid;
    const rotated = await agent.rotate();
    server.clearRequests();
    const deadline = Date.now() + 5_000;
    while (server.requests.at(-1)?.clientCertificate?.serialNumber !== rotated.serialNumber) {
      if (Date.now() > deadline) throw new Error('the rotated SVID was never presented');
      expect((await client.get('/api/v2/networks')).status).toBe(200);
    }
    const request = server.requests.at(-1)!;
    const token = xPrincipal(request.rawHeaders);
    expect(await verifyAndDecode(token, rotated.certificates[0])).toEqual(principalFromResource(resource));
    await expect(verifyAndDecode(token, previous.certificates[0])).rejects.toThrow('jws error');
  });
});

describe('credential metrics in SPIFFE mode', () => {
  it('label the credential `spiffe` (there is no Secret to name)', async () => {
    const reader = new TestMetricReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const options = newHTTPOptions('region', {
      host: server.url,
      caSecretNamespace: 'unikorn',
      caSecretName: 'region-ca',
    });
    const metered = new BaseClient(await kubeConfigFromYaml(api.kubeconfigYaml()), options, spiffeClientOptions, {
      dispatcherCache: new DispatcherCache(),
      telemetry: { meterProvider },
    });
    try {
      const client = await metered.controllerClient(testClient, resource);
      expect((await client.get('/api/v2/networks')).status).toBe(200);
      const { resourceMetrics } = await reader.collect();
      const expiry = resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .find((metric) => metric.descriptor.name === 'unikorn.client.credential.expiry');
      expect(expiry?.dataPoints.map((point) => point.attributes['unikorn.credential.secret'])).toEqual(['spiffe']);
    } finally {
      await metered.close();
      await meterProvider.shutdown();
    }
  });
});
