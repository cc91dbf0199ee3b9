/**
 * Everything the rows share: one CA, the server worker, a fake Kubernetes API holding the CA and client
 * certificate Secrets, and the undici Agent settings used identically by the subjects and the bare baselines.
 */

import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import {
  DispatcherCache,
  type HTTPClientOptions,
  type HTTPOptions,
  newHTTPClientOptions,
} from '@unikorn-cloud/core-client';
import { newOptions as newIdentityOptions } from '@unikorn-cloud/identity-client';
import { newOptions } from '@unikorn-cloud/region-client';
import {
  CertificateAuthority,
  FakeKubernetesAPI,
  type IssuedCertificate,
  type KeyType,
  tlsSecret,
} from '@unikorn-cloud/testkit';
import { Agent } from 'undici';
import { ServerHandle } from './server/serverHandle.ts';

/** Namespace of every Secret of the bench. */
export const namespace = 'unikorn';

/**
 * Agent options of every subject and baseline (besides `connect` and `allowH2: false`, which both set the
 * same way): up to 64 keep-alive connections per origin, idle sockets kept for 60 s, no pipelining.
 */
export const agentOptions = { connections: 64, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 };

/** The region contract (for the testkit RegionAPIServer). */
export const contractPath = fileURLToPath(
  new URL('../../packages/region-client/contract/region.v2.yaml', import.meta.url),
);

/** The identity contract (for the testkit IdentityAPIServer). */
export const identityContractPath = fileURLToPath(
  new URL('../../packages/identity-client/contract/identity.v1.yaml', import.meta.url),
);

/** One client identity: a certificate, its Secret, and the options naming that Secret and the CA Secret. */
export interface ClientIdentity {
  readonly certificate: IssuedCertificate;
  readonly secretName: string;
  readonly caSecretName: string;
  /** `newOptions()` of the region client pointing at `url` with this identity's CA Secret. */
  options(url: string): HTTPOptions;
  /** `newOptions()` of the identity client pointing at `url` with this identity's CA Secret. */
  identityOptions(url: string): HTTPOptions;
  /** `newHTTPClientOptions()` naming this identity's certificate Secret (24 h reload: the default). */
  clientOptions(): HTTPClientOptions;
}

/** Shared parts of one bench run. */
export interface Fixtures {
  readonly ca: CertificateAuthority;
  readonly kubernetes: FakeKubernetesAPI;
  /** The KubeConfig of rows 1, 2, 4 and 5 (row 3 makes its own so its dispatcher cache starts cold). */
  readonly kube: KubeConfig;
  readonly server: ServerHandle;
  /** The dispatcher cache of rows 1, 2, 4 and 5: Agents built with {@link agentOptions}. */
  readonly dispatcherCache: DispatcherCache;
  /** Creates an identity with its own Secrets (client certificate of `keyType`, copy of the CA). */
  identity(name: string, keyType: KeyType): Promise<ClientIdentity>;
  /** CPU time of the server worker thread so far, microseconds. */
  serverCpuUs(): Promise<number>;
  /** A new KubeConfig for the fake Kubernetes API. */
  newKubeConfig(): KubeConfig;
  /** A bare undici Agent with the same TLS settings and {@link agentOptions} as the subject's dispatcher. */
  bareAgent(identity: ClientIdentity): Agent;
  close(): Promise<void>;
}

/** Starts the CA, the fake Kubernetes API and the server worker. */
export async function startFixtures(): Promise<Fixtures> {
  const ca = await CertificateAuthority.create({ commonName: 'bench-ca' });
  const [serverCertificate, kubernetes] = await Promise.all([ca.issueServer(), FakeKubernetesAPI.start()]);
  const server = await ServerHandle.start({
    caPem: ca.certificatePem,
    certificate: {
      certificatePem: serverCertificate.certificatePem,
      privateKeyPem: serverCertificate.privateKeyPem,
      chainPem: serverCertificate.chainPem,
    },
    region: { contractPath },
    identity: { contractPath: identityContractPath },
  });
  const newKubeConfig = () => {
    const kube = new KubeConfig();
    kube.loadFromString(kubernetes.kubeconfigYaml());
    return kube;
  };
  const dispatcherCache = new DispatcherCache({ agentOptions });
  const agents: Agent[] = [];

  return {
    ca,
    kubernetes,
    kube: newKubeConfig(),
    server,
    dispatcherCache,
    newKubeConfig,
    serverCpuUs: async () => (await server.stats()).cheap.threadCpuUs,
    async identity(name, keyType) {
      const certificate = await ca.issueClient(`bench-${name}`, { keyType });
      const secretName = `${name}-client-tls`;
      const caSecretName = `${name}-region-ca`;
      kubernetes.putSecret(tlsSecret(namespace, secretName, certificate));
      kubernetes.putSecret(tlsSecret(namespace, caSecretName, { certificatePem: ca.certificatePem }));
      return {
        certificate,
        secretName,
        caSecretName,
        options: (url) => newOptions({ host: url, caSecretNamespace: namespace, caSecretName }),
        identityOptions: (url) => newIdentityOptions({ host: url, caSecretNamespace: namespace, caSecretName }),
        clientOptions: () => newHTTPClientOptions({ certificateNamespace: namespace, certificateName: secretName }),
      };
    },
    bareAgent(identity) {
      const agent = new Agent({
        ...agentOptions,
        allowH2: false,
        connect: {
          minVersion: 'TLSv1.3',
          ca: [ca.certificatePem],
          cert: identity.certificate.certificatePem,
          key: identity.certificate.privateKeyPem,
        },
      });
      agents.push(agent);
      return agent;
    },
    async close() {
      await Promise.allSettled([dispatcherCache.close(), ...agents.map((agent) => agent.close())]);
      await Promise.allSettled([server.close(), kubernetes.close()]);
    },
  };
}
