import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig } from '@kubernetes/client-node';
import { CertificateAuthority, type IssuedCertificate, MTLSServer } from '@unikorn-cloud/testkit';
import { Agent, request } from 'undici';
import type { ClientCredential } from '../src/credentials/clientCredential';
import { ReloadingCredentialSource, type SourcedCredential } from '../src/credentials/credentialSource';
import type { CredentialPlugin } from '../src/credentials/plugin';
import { CREDENTIAL_PLUGINS, credentialPlugin } from '../src/credentials/sources';
import { ClientCredentialError } from '../src/errors/errors';
import { clientCertificateSource, newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { connectOptions } from '../src/tls/tlsClientConfig';

// A third client-certificate source written against the credential base alone (the plug-in interface, the
// credential type and the reloading source): it imports neither the Secret nor the SPIFFE source, and neither of
// them knows it. Adding it to the package would be this file's plug-in in a folder of its own plus one entry in
// credentials/sources.ts.

/** A credential from PEM text, built without the Secret source's parser. */
function pemCredential(issued: IssuedCertificate): SourcedCredential {
  const leaf = new X509Certificate(issued.certificatePem);
  const privateKey = createPrivateKey(issued.privateKeyPem);
  return {
    certificateChainPem: issued.certificatePem,
    privateKeyPem: issued.privateKeyPem,
    privateKey,
    leaf,
    chain: [leaf],
    fingerprint: createHash('sha256').update(leaf.raw).digest('hex'),
  };
}

/** `--client-certificate-source=static`: a fixed certificate and CA handed over in process. */
function staticPlugin(issued: IssuedCertificate, caPem: string): CredentialPlugin {
  return {
    name: 'static',
    defaultSigningKeys: 'rsa-or-ec',
    signingCredential: async (): Promise<ClientCredential> => pemCredential(issued),
    tls: async () => {
      const credential = await ReloadingCredentialSource.create(
        async () => ({ ...pemCredential(issued), ca: [caPem] }),
        {
          intervalMs: 0,
        },
      );
      return { ca: [caPem], credential };
    },
    cacheKey: () => 'static',
  };
}

let ca: CertificateAuthority;
let client: IssuedCertificate;
let server: MTLSServer;

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'plugin-ca' });
  client = await ca.issueClient('static-client');
  server = await MTLSServer.start({ ca, certificate: await ca.issueServer() });
});

afterAll(async () => {
  await server.close();
});

describe('credential sources plug in through one interface', () => {
  it('the shipped sources are secret (the default for an empty source) and spiffe, each named once', () => {
    expect(CREDENTIAL_PLUGINS.map(({ name }) => name)).toEqual(['secret', 'spiffe']);
    expect(credentialPlugin({ source: '' }).name).toBe('secret');
    expect(credentialPlugin({ source: 'secret' }).name).toBe('secret');
    expect(credentialPlugin({ source: 'spiffe' }).name).toBe('spiffe');
    expect(CREDENTIAL_PLUGINS.map(({ defaultSigningKeys }) => defaultSigningKeys)).toEqual(['rsa', 'rsa-or-ec']);
  });

  it('an unknown source is refused with the same error as the option check', () => {
    const check = () => clientCertificateSource({ source: 'bogus' });
    expect(check).toThrow(ClientCredentialError);
    expect(() => credentialPlugin({ source: 'bogus' })).toThrow(ClientCredentialError);
    expect(() => credentialPlugin({ source: 'bogus' })).toThrow(
      /^client credential: unknown --client-certificate-source "bogus"$/,
    );
    expect(() => check()).toThrow(/^client credential: unknown --client-certificate-source "bogus"$/);
  });

  it('a third source is chosen by its name and its credential is presented over mTLS', async () => {
    const plugins = [...CREDENTIAL_PLUGINS, staticPlugin(client, ca.certificatePem)];
    const clientOptions = newHTTPClientOptions({ source: 'static' });
    const plugin = credentialPlugin(clientOptions, plugins);
    expect(plugin.name).toBe('static');
    expect(credentialPlugin({ source: 'spiffe' }, plugins).name).toBe('spiffe');

    const kube = undefined as unknown as KubeConfig;
    const signing = await plugin.signingCredential(kube, clientOptions);
    expect(signing?.leaf.serialNumber.toLowerCase()).toBe(client.serialNumber);

    const credentials = await plugin.tls(kube, newHTTPOptions('region'), clientOptions);
    const dispatcher = new Agent({ connect: connectOptions({ minVersion: 'TLSv1.3', ...credentials }) });
    try {
      const response = await request(`${server.url}/hello`, { dispatcher });
      expect(response.statusCode).toBe(200);
      await response.body.dump();
    } finally {
      await dispatcher.close();
    }
    const seen = server.requests.at(-1);
    expect(seen?.clientCertificate?.commonName).toBe('static-client');
    expect(seen?.clientCertificate?.serialNumber?.toLowerCase()).toBe(client.serialNumber);
  });
});
