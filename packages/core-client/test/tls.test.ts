import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, type IssuedCertificate, MTLSServer, tlsSecret } from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { loadClientCredential } from '../src/credentials/sources';
import { ClientCredentialError, SecretFormatError } from '../src/errors/errors';
import { CredentialDispatcher } from '../src/http/dispatcher';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { connectOptions, type TLSClientConfig, tlsClientConfig } from '../src/tls/tlsClientConfig';
import { type KubernetesFixture, startKubernetes } from './fixtures';

const NS = 'unikorn';

let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let client: IssuedCertificate;
let k8s: KubernetesFixture;
let server: MTLSServer;
let tls12Server: MTLSServer;
let foreignServer: MTLSServer;
const dispatchers: CredentialDispatcher[] = [];

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([
    CertificateAuthority.create({ commonName: 'service-ca' }),
    CertificateAuthority.create({ commonName: 'other-ca' }),
  ]);
  client = await ca.issueClient('region-client', { serialNumber: '0a' });
  k8s = await startKubernetes();
  k8s.api.putSecret(tlsSecret(NS, 'service-ca', { certificatePem: ca.certificatePem }));
  k8s.api.putSecret(tlsSecret(NS, 'client-tls', client));
  const serverCertificate = await ca.issueServer();
  [server, tls12Server, foreignServer] = await Promise.all([
    MTLSServer.start({ ca, certificate: serverCertificate }),
    MTLSServer.start({ ca, certificate: serverCertificate, maxVersion: 'TLSv1.2' }),
    MTLSServer.start({ ca, certificate: await otherCa.issueServer() }),
  ]);
});

afterAll(async () => {
  await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  await Promise.all([server.close(), tls12Server.close(), foreignServer.close(), k8s.api.close()]);
});

const caOptions = (name = 'service-ca') => newHTTPOptions('region', { caSecretNamespace: NS, caSecretName: name });
const clientOptions = (name = 'client-tls') =>
  newHTTPClientOptions({ certificateNamespace: NS, certificateName: name });

function dispatcherFor(config: TLSClientConfig): CredentialDispatcher {
  const dispatcher = new CredentialDispatcher(config);
  dispatchers.push(dispatcher);
  return dispatcher;
}

/** Expects a SecretFormatError with exactly this message and no key material in it. */
async function expectSecretFormatError(attempt: Promise<unknown>, message: string): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SecretFormatError);
  expect((error as Error).message).toBe(message);
  expect((error as Error).message).not.toMatch(/BEGIN|PRIVATE|MII/);
}

describe('CA secret', () => {
  it('CA secret name empty: no error and system roots (ca undefined), nothing read', async () => {
    const before = k8s.api.requests.length;
    const config = await tlsClientConfig(
      k8s.kube,
      newHTTPOptions('region', { caSecretNamespace: NS }),
      newHTTPClientOptions(),
    );
    expect(config.ca).toBeUndefined();
    expect(config.credential).toBeUndefined();
    expect(connectOptions(config)).toEqual({ minVersion: 'TLSv1.3', rejectUnauthorized: true });
    expect(k8s.api.requests.length).toBe(before);
  });

  it('CA secret of type Opaque is rejected', async () => {
    k8s.api.putSecret(tlsSecret(NS, 'ca-opaque', { certificatePem: ca.certificatePem }, 'Opaque'));
    await expectSecretFormatError(
      tlsClientConfig(k8s.kube, caOptions('ca-opaque'), newHTTPClientOptions()),
      'secret incorrectly formatted: issuer CA not of type kubernetes.io/tls',
    );
  });

  it('CA secret without tls.crt is rejected', async () => {
    k8s.api.putSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace: NS, name: 'ca-no-crt' },
      type: 'kubernetes.io/tls',
      data: { 'ca.crt': Buffer.from(ca.certificatePem).toString('base64') },
    });
    await expectSecretFormatError(
      tlsClientConfig(k8s.kube, caOptions('ca-no-crt'), newHTTPClientOptions()),
      'secret incorrectly formatted: issuer CA missing tls.crt',
    );
  });

  it('CA secret with unparsable PEM is rejected', async () => {
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    k8s.api.putSecret(tlsSecret(NS, 'ca-garbage', { certificatePem: broken }));
    await expectSecretFormatError(
      tlsClientConfig(k8s.kube, caOptions('ca-garbage'), newHTTPClientOptions()),
      'secret incorrectly formatted: failed to load identity CA certificate',
    );
  });

  it('a CA bundle keeps every certificate that parses and skips the rest', async () => {
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    k8s.api.putSecret(
      tlsSecret(NS, 'ca-bundle', { certificatePem: broken + ca.certificatePem + otherCa.certificatePem }),
    );
    const config = await tlsClientConfig(k8s.kube, caOptions('ca-bundle'), newHTTPClientOptions());
    expect(config.ca).toEqual([ca.certificatePem, otherCa.certificatePem]);
  });

  it('a missing CA secret passes the Kubernetes error through', async () => {
    await expect(tlsClientConfig(k8s.kube, caOptions('ca-missing'), newHTTPClientOptions())).rejects.toMatchObject({
      code: 404,
    });
  });
});

describe('client certificate secret', () => {
  it('client secret missing tls.key is rejected', async () => {
    k8s.api.putSecret(tlsSecret(NS, 'client-no-key', { certificatePem: client.certificatePem }));
    await expectSecretFormatError(
      tlsClientConfig(k8s.kube, caOptions(), clientOptions('client-no-key')),
      'secret incorrectly formatted: certificate missing tls.key',
    );
  });

  it('only one of client-certificate namespace/name set: no client certificate, no error, no read', async () => {
    const readsBefore = k8s.api.reads(NS, 'client-tls');
    for (const options of [
      newHTTPClientOptions({ certificateNamespace: NS }),
      newHTTPClientOptions({ certificateName: 'client-tls' }),
    ]) {
      const config = await tlsClientConfig(k8s.kube, caOptions(), options);
      expect(config.credential).toBeUndefined();
      expect(config.ca).toEqual([ca.certificatePem]);
      expect(await loadClientCredential(k8s.kube, options)).toBeUndefined();
    }
    expect(k8s.api.reads(NS, 'client-tls')).toBe(readsBefore);
  });

  it('client secret of the wrong type or without tls.crt is rejected', async () => {
    k8s.api.putSecret(tlsSecret(NS, 'client-opaque', client, 'Opaque'));
    await expectSecretFormatError(
      tlsClientConfig(k8s.kube, caOptions(), clientOptions('client-opaque')),
      'secret incorrectly formatted: certificate not of type kubernetes.io/tls',
    );
    k8s.api.putSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace: NS, name: 'client-no-crt' },
      type: 'kubernetes.io/tls',
      data: { 'tls.key': Buffer.from(client.privateKeyPem).toString('base64') },
    });
    await expectSecretFormatError(
      tlsClientConfig(k8s.kube, caOptions(), clientOptions('client-no-crt')),
      'secret incorrectly formatted: certificate missing tls.crt',
    );
  });

  it('unparsable or mismatched key material is rejected without echoing it', async () => {
    k8s.api.putSecret(
      tlsSecret(NS, 'client-bad-key', {
        certificatePem: client.certificatePem,
        privateKeyPem: '-----BEGIN PRIVATE KEY-----\nMIIBroken\n-----END PRIVATE KEY-----\n',
      }),
    );
    await expectSecretFormatError(
      loadClientCredential(k8s.kube, clientOptions('client-bad-key')),
      'secret incorrectly formatted: certificate tls.key is not a valid private key',
    );

    const stranger = await ca.issueClient('stranger');
    k8s.api.putSecret(
      tlsSecret(NS, 'client-mismatch', {
        certificatePem: client.certificatePem,
        privateKeyPem: stranger.privateKeyPem,
      }),
    );
    await expectSecretFormatError(
      loadClientCredential(k8s.kube, clientOptions('client-mismatch')),
      'secret incorrectly formatted: certificate tls.key does not match tls.crt',
    );

    k8s.api.putSecret(
      tlsSecret(NS, 'client-no-cert', { certificatePem: 'nothing here', privateKeyPem: client.privateKeyPem }),
    );
    await expectSecretFormatError(
      loadClientCredential(k8s.kube, clientOptions('client-no-cert')),
      'secret incorrectly formatted: certificate tls.crt holds no certificate',
    );
  });

  it.each([
    ['rsa-2048', 'pkcs1'],
    ['ec-p256', 'sec1'],
    ['ec-p384', 'pkcs8'],
  ] as const)('accepts a %s key in %s PEM and keeps chain order', async (keyType, keyFormat) => {
    const intermediate = await ca.createIntermediate();
    const issued = await intermediate.issueClient(`client-${keyType}`, { keyType, keyFormat });
    const name = `client-${keyType}-${keyFormat}`;
    k8s.api.putSecret(tlsSecret(NS, name, { certificatePem: issued.chainPem, privateKeyPem: issued.privateKeyPem }));
    const credential = await loadClientCredential(k8s.kube, clientOptions(name));
    expect(credential?.fingerprint).toBe(issued.fingerprint);
    expect(credential?.chain.map((certificate) => certificate.subject)).toEqual([
      `CN=client-${keyType}`,
      'CN=testkit-intermediate-ca',
      'CN=service-ca',
    ]);
    expect(credential?.privateKey.asymmetricKeyType).toBe(keyType.startsWith('rsa') ? 'rsa' : 'ec');
    expect(credential?.privateKeyPem).toBe(issued.privateKeyPem.trim());
  });

  it('source spiffe without initSPIFFE and unknown sources are rejected, before any read', async () => {
    const before = k8s.api.requests.length;
    const spiffe = tlsClientConfig(k8s.kube, caOptions(), newHTTPClientOptions({ source: 'spiffe' }));
    await expect(spiffe).rejects.toThrow(ClientCredentialError);
    await expect(spiffe).rejects.toThrow(
      'client credential: SPIFFE sources not initialised; call InitSPIFFE before building clients',
    );
    const bogus = tlsClientConfig(k8s.kube, caOptions(), newHTTPClientOptions({ source: 'bogus' }));
    await expect(bogus).rejects.toThrow('client credential: unknown --client-certificate-source "bogus"');
    await expect(
      loadClientCredential(k8s.kube, newHTTPClientOptions({ source: 'spiffe', certificateName: 'x' })),
    ).rejects.toThrow('client credential: --client-certificate-source=spiffe conflicts with');
    expect(k8s.api.requests.length).toBe(before);
  });
});

describe('TLS client configuration against real servers', () => {
  it('the configuration demands TLS 1.3', async () => {
    const config = await tlsClientConfig(k8s.kube, caOptions(), clientOptions());
    expect(config.minVersion).toBe('TLSv1.3');
    const options = connectOptions(config);
    expect(options.minVersion).toBe('TLSv1.3');
    expect(options.ca).toEqual([ca.certificatePem]);
    expect(options.cert).toBe(client.certificatePem);
  });

  it('the client certificate is presented over TLS 1.3 and seen by the server', async () => {
    const dispatcher = dispatcherFor(await tlsClientConfig(k8s.kube, caOptions(), clientOptions()));
    const response = await request(`${server.url}/hello`, { dispatcher });
    expect(response.statusCode).toBe(200);
    await response.body.json();
    const seen = server.requests.at(-1);
    expect(seen?.tlsVersion).toBe('TLSv1.3');
    expect(seen?.clientCertificate?.commonName).toBe('region-client');
    expect(seen?.clientCertificate?.serialNumber).toBe(client.serialNumber);
  });

  it('a TLS 1.2-only server is refused', async () => {
    const dispatcher = dispatcherFor(await tlsClientConfig(k8s.kube, caOptions(), clientOptions()));
    await expect(request(tls12Server.url, { dispatcher })).rejects.toThrow();
    expect(tls12Server.requests).toHaveLength(0);
  });

  it('a server certificate from another CA is refused (the CA secret replaces the roots)', async () => {
    const dispatcher = dispatcherFor(await tlsClientConfig(k8s.kube, caOptions(), clientOptions()));
    await expect(request(foreignServer.url, { dispatcher })).rejects.toThrow();
    expect(foreignServer.requests).toHaveLength(0);
  });

  it('with system roots the test CA is not trusted', async () => {
    const dispatcher = dispatcherFor(await tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions()));
    await expect(request(server.url, { dispatcher })).rejects.toThrow(/certificate/i);
  });
});
