// The demo's environment, real parts only: a certificate authority, a fake Kubernetes API over HTTPS holding the
// services' CA Secrets, this service's client-certificate Secret and the custom resources it works on, and a region
// and an identity API server that validate every request against their contracts and verify X-Principal like Go
// servers.
import { KubeConfig } from '@kubernetes/client-node';
import { defaultDispatcherCache, type HTTPClientOptions, newHTTPClientOptions } from '@unikorn-cloud/core-client';
import { newOptions as newIdentityOptions } from '@unikorn-cloud/identity-client';
import { newOptions } from '@unikorn-cloud/region-client';
import { CertificateAuthority, FakeKubernetesAPI, tlsSecret } from '@unikorn-cloud/testkit';
import { IdentityAPIServer, RegionAPIServer } from '@unikorn-cloud/testkit-api';
import { line } from './print.ts';

const REGION_CONTRACT = new URL('../../contract/region.v2.yaml', import.meta.url).pathname;
const IDENTITY_CONTRACT = new URL('../../../identity-client/contract/identity.v1.yaml', import.meta.url).pathname;

export const NAMESPACE = 'unikorn';
export const ORGANIZATION = '9a1b6d62-6f47-4b3c-9d0e-3f2a7c1e5b10';
export const PROJECT = 'c3d4e5f6-0718-4a29-8b3c-4d5e6f708192';
export const REGION = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
export const USER = {
  organizationId: ORGANIZATION,
  projectId: PROJECT,
  type: 'user' as const,
  actor: 'alice@example.com',
};

/** A Kubernetes resource of the demo, labelled and annotated the way Unikorn services persist them. */
export function unikornResource(apiVersion: string, kind: string, name: string, creator = 'alice@example.com') {
  return {
    apiVersion,
    kind,
    metadata: {
      namespace: NAMESPACE,
      name,
      labels: { 'unikorn-cloud.org/organization': ORGANIZATION, 'unikorn-cloud.org/project': PROJECT },
      annotations: { 'unikorn-cloud.org/creator': creator } as Record<string, string>,
    },
  };
}

/** Everything the stories use. */
export interface DemoEnvironment {
  readonly kubernetes: FakeKubernetesAPI;
  readonly region: RegionAPIServer;
  readonly identity: IdentityAPIServer;
  readonly kube: KubeConfig;
  /** `--region-host`, `--region-ca-secret-*`. */
  readonly regionOptions: ReturnType<typeof newOptions>;
  /** `--identity-host`, `--identity-ca-secret-*`. */
  readonly identityOptions: ReturnType<typeof newIdentityOptions>;
  /** `--client-certificate-*`. */
  readonly clientOptions: HTTPClientOptions;
  close(): Promise<void>;
}

const RESOURCES = [
  { group: 'compute.unikorn-cloud.org', version: 'v1alpha1', kind: 'ComputeCluster', plural: 'computeclusters' },
  { group: 'region.unikorn-cloud.org', version: 'v1alpha1', kind: 'Network', plural: 'networks' },
  { group: 'region.unikorn-cloud.org', version: 'v1alpha1', kind: 'Server', plural: 'servers' },
];

/** Starts and seeds the environment, printing what it holds. */
export async function startDemoEnvironment(): Promise<DemoEnvironment> {
  line('Starting the testkit environment (CA, fake Kubernetes API over HTTPS, region and identity API servers)…');
  const ca = await CertificateAuthority.create({ commonName: 'demo-ca' });
  const [kubernetes, region, identity, clientCertificate] = await Promise.all([
    FakeKubernetesAPI.start(),
    RegionAPIServer.start({ ca, contract: REGION_CONTRACT }),
    IdentityAPIServer.start({ ca, contract: IDENTITY_CONTRACT }),
    ca.issueClient('unikorn-compute', { keyType: 'rsa-2048' }),
  ]);
  kubernetes.putSecret(tlsSecret(NAMESPACE, 'region-ca', { certificatePem: ca.certificatePem }));
  kubernetes.putSecret(tlsSecret(NAMESPACE, 'identity-ca', { certificatePem: ca.certificatePem }));
  kubernetes.putSecret(tlsSecret(NAMESPACE, 'compute-client-certificate', clientCertificate));
  for (const resource of RESOURCES) kubernetes.registerResource(resource);
  identity.addProject({ organizationId: ORGANIZATION, id: PROJECT, name: 'demo-project' });
  line(`   Kubernetes API: ${kubernetes.url}   region API: ${region.url}   identity API: ${identity.url}`);
  line(
    `   Secrets: ${NAMESPACE}/region-ca, ${NAMESPACE}/identity-ca (CAs), ${NAMESPACE}/compute-client-certificate (CN=unikorn-compute, RSA-2048)`,
  );
  line(`   Project ${PROJECT} of organization ${ORGANIZATION} (identity)`);

  const kube = new KubeConfig();
  kube.loadFromString(kubernetes.kubeconfigYaml());
  // The same values the Go flags --region-host, --identity-host, --*-ca-secret-*, --client-certificate-* would carry.
  return {
    kubernetes,
    region,
    identity,
    kube,
    regionOptions: newOptions({ host: region.url, caSecretNamespace: NAMESPACE, caSecretName: 'region-ca' }),
    identityOptions: newIdentityOptions({
      host: identity.url,
      caSecretNamespace: NAMESPACE,
      caSecretName: 'identity-ca',
    }),
    clientOptions: newHTTPClientOptions({
      certificateNamespace: NAMESPACE,
      certificateName: 'compute-client-certificate',
    }),
    close: async () => {
      await defaultDispatcherCache.close();
      await Promise.all([region.close(), identity.close(), kubernetes.close()]);
    },
  };
}
