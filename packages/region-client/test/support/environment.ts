/**
 * The region test environment (the setup of `demo/demo.ts` as a fixture): a certificate authority, a fake
 * Kubernetes API over HTTPS holding the region CA Secret, this service's client-certificate Secret and a
 * labelled ComputeCluster, and a contract-validating RegionAPIServer with one seeded network. Clients read the
 * Secrets through @kubernetes/client-node and talk mTLS to the server: nothing is mocked.
 *
 * Start one per test file (`beforeAll`) and `close()` it in `afterAll`.
 */

import { KubeConfig } from '@kubernetes/client-node';
import {
  DispatcherCache,
  type HTTPClientOptions,
  type HTTPOptions,
  newHTTPClientOptions,
} from '@unikorn-cloud/core-client';
import type { BaseClientSettings, Principal } from '@unikorn-cloud/identity-client';
import { CertificateAuthority, FakeKubernetesAPI, type IssuedCertificate, tlsSecret } from '@unikorn-cloud/testkit';
import { RegionAPIServer } from '@unikorn-cloud/testkit-api';
import { Client, newOptions } from '../../src/client';
import type { ReferencingResource } from '../../src/references';

/** The contract the generated client was built from; the server validates every request against it. */
export const CONTRACT_PATH = new URL('../../contract/region.v2.yaml', import.meta.url).pathname;
export const NAMESPACE = 'unikorn';
export const CA_SECRET = 'region-ca';
export const CLIENT_SECRET = 'compute-client-certificate';
export const CLIENT_COMMON_NAME = 'unikorn-compute';
export const ORGANIZATION = '9a1b6d62-6f47-4b3c-9d0e-3f2a7c1e5b10';
export const PROJECT = 'c3d4e5f6-0718-4a29-8b3c-4d5e6f708192';
export const REGION = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
export const CREATOR = 'alice@example.com';
export const CLUSTER_NAME = 'cluster-7f3a';
export const CLUSTER_API_VERSION = 'compute.unikorn-cloud.org/v1alpha1';
export const CLUSTER_KIND = 'ComputeCluster';
/** The reference a ComputeCluster named `name` produces. */
export const clusterReference = (name: string) => `computeclusters.compute.unikorn-cloud.org/${name}`;

/** A request-driven principal acting for a user. */
export const USER: Principal = { organizationId: ORGANIZATION, projectId: PROJECT, type: 'user', actor: CREATOR };

/** A running environment. */
export interface RegionEnvironment {
  readonly ca: CertificateAuthority;
  readonly kubernetes: FakeKubernetesAPI;
  readonly server: RegionAPIServer;
  /** A Kubernetes client for the fake API (built from its kubeconfig YAML). */
  readonly kube: KubeConfig;
  /** The kubeconfig YAML of the fake API (for the CLI). */
  readonly kubeconfigYaml: string;
  /** `--region-host`, `--region-ca-secret-namespace`, `--region-ca-secret-name`. */
  readonly options: HTTPOptions;
  /** `--client-certificate-namespace`, `--client-certificate-name`. */
  readonly clientOptions: HTTPClientOptions;
  /** This environment's own dispatcher cache, closed by {@link RegionEnvironment.close}. */
  readonly dispatcherCache: DispatcherCache;
  /** Client settings using {@link RegionEnvironment.dispatcherCache}. */
  readonly settings: BaseClientSettings;
  /** The client certificate stored in the client Secret. */
  readonly clientCertificate: IssuedCertificate;
  /** The seeded network (in {@link PROJECT} / {@link REGION}). */
  readonly networkID: string;
  /** The labelled ComputeCluster stored in the fake Kubernetes API. */
  readonly cluster: ReferencingResource;
  /** Stores another ComputeCluster (same labels and creator) and returns it. */
  addCluster(name: string): ReferencingResource;
  /** A Client on this environment (shares {@link RegionEnvironment.dispatcherCache}). */
  client(): Client;
  /** Closes the dispatcher cache, the region server and the fake Kubernetes API. */
  close(): Promise<void>;
}

/** A ComputeCluster in {@link NAMESPACE} labelled with the test organization and project, created by {@link CREATOR}. */
export function computeCluster(name: string): ReferencingResource {
  return {
    apiVersion: CLUSTER_API_VERSION,
    kind: CLUSTER_KIND,
    metadata: {
      namespace: NAMESPACE,
      name,
      labels: { 'unikorn-cloud.org/organization': ORGANIZATION, 'unikorn-cloud.org/project': PROJECT },
      annotations: { 'unikorn-cloud.org/creator': CREATOR },
    },
  };
}

/** Teaches the fake Kubernetes API the ComputeCluster kind (`computeclusters.compute.unikorn-cloud.org`). */
export function registerComputeClusters(kubernetes: FakeKubernetesAPI): void {
  kubernetes.registerResource({
    group: 'compute.unikorn-cloud.org',
    version: 'v1alpha1',
    kind: CLUSTER_KIND,
    plural: 'computeclusters',
  });
}

/** Starts CA, fake Kubernetes API and region API server, and seeds Secrets, a ComputeCluster and a network. */
export async function startEnvironment(): Promise<RegionEnvironment> {
  const ca = await CertificateAuthority.create({ commonName: 'region-test-ca' });
  const [kubernetes, server, clientCertificate] = await Promise.all([
    FakeKubernetesAPI.start(),
    RegionAPIServer.start({ ca, contract: CONTRACT_PATH }),
    ca.issueClient(CLIENT_COMMON_NAME, { keyType: 'ec-p256' }),
  ]);
  kubernetes.putSecret(tlsSecret(NAMESPACE, CA_SECRET, { certificatePem: ca.certificatePem }));
  kubernetes.putSecret(tlsSecret(NAMESPACE, CLIENT_SECRET, clientCertificate));
  registerComputeClusters(kubernetes);
  const addCluster = (name: string) => {
    const cluster = computeCluster(name);
    kubernetes.putObject(cluster);
    return cluster;
  };
  const cluster = addCluster(CLUSTER_NAME);
  const networkID = server.addNetwork({
    organizationId: ORGANIZATION,
    projectId: PROJECT,
    regionId: REGION,
    name: 'seeded-network',
  });

  const kubeconfigYaml = kubernetes.kubeconfigYaml();
  const kube = new KubeConfig();
  kube.loadFromString(kubeconfigYaml);
  const options = newOptions({ host: server.url, caSecretNamespace: NAMESPACE, caSecretName: CA_SECRET });
  // The test client key is EC (fast to issue): allow EC signing, which the library refuses by default for Secrets.
  const clientOptions = newHTTPClientOptions({
    certificateNamespace: NAMESPACE,
    certificateName: CLIENT_SECRET,
    signingKeys: 'rsa-or-ec',
  });
  const dispatcherCache = new DispatcherCache();
  const settings: BaseClientSettings = { dispatcherCache };

  return {
    ca,
    kubernetes,
    server,
    kube,
    kubeconfigYaml,
    options,
    clientOptions,
    dispatcherCache,
    settings,
    clientCertificate,
    networkID,
    cluster,
    addCluster,
    client: () => new Client(kube, options, clientOptions, settings),
    close: async () => {
      await dispatcherCache.close();
      await Promise.all([server.close(), kubernetes.close()]);
    },
  };
}

export { refusedPort } from '@unikorn-cloud/testkit';
