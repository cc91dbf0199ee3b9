/**
 * The identity test environment: a certificate authority, a fake Kubernetes API over HTTPS holding the identity CA
 * Secret and this service's client-certificate Secret (and the kinds the tests reference), and a contract-validating
 * IdentityAPIServer with one seeded project. Clients read the Secrets through @kubernetes/client-node and talk mTLS
 * to the server: nothing is mocked.
 */

import { KubeConfig } from '@kubernetes/client-node';
import {
  DispatcherCache,
  type HTTPClientOptions,
  type HTTPOptions,
  newHTTPClientOptions,
} from '@unikorn-cloud/core-client';
import { CertificateAuthority, FakeKubernetesAPI, type IssuedCertificate, tlsSecret } from '@unikorn-cloud/testkit';
import { IdentityAPIServer } from '@unikorn-cloud/testkit-api';
import type { BaseClientSettings } from '../../../src';
import { Client, newOptions } from '../../../src/identity/client';

/** The contract the generated client was built from; the server validates every request against it. */
export const CONTRACT_PATH = new URL('../../../contract/identity.v1.yaml', import.meta.url).pathname;
export const NAMESPACE = 'unikorn';
export const CA_SECRET = 'identity-ca';
export const CLIENT_SECRET = 'region-client-certificate';
export const CLIENT_COMMON_NAME = 'unikorn-region';
export const ORGANIZATION = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
export const PROJECT = '550e8400-e29b-41d4-a716-446655440000';
export const CREATOR = 'alice@example.com';

/** Kinds registered in the fake Kubernetes API (for resource references). */
export const KINDS = {
  project: { group: 'identity.unikorn-cloud.org', version: 'v1alpha1', kind: 'Project', plural: 'projects' },
  network: { group: 'region.unikorn-cloud.org', version: 'v1alpha1', kind: 'Network', plural: 'networks' },
  identity: { group: 'region.unikorn-cloud.org', version: 'v1alpha1', kind: 'Identity', plural: 'identities' },
  computeCluster: {
    group: 'compute.unikorn-cloud.org',
    version: 'v1alpha1',
    kind: 'ComputeCluster',
    plural: 'computeclusters',
  },
  legacyCluster: {
    group: 'unikorn-cloud.org',
    version: 'v1alpha1',
    kind: 'KubernetesCluster',
    plural: 'kubernetesclusters',
  },
} as const;

/** A resource as tests build it: `labels` / `annotations` undefined means no map at all (Go's nil map). */
export interface TestResource {
  apiVersion: string;
  kind: string;
  metadata: {
    namespace: string;
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/**
 * A labelled resource of one of {@link KINDS}, as a Unikorn service persists it: organization and project labels and
 * a creator annotation unless given (`null` leaves the map out).
 */
export function resource(
  kind: keyof typeof KINDS,
  name: string,
  metadata: { labels?: Record<string, string> | null; annotations?: Record<string, string> | null } = {},
): TestResource {
  const { group, version } = KINDS[kind];
  const labels =
    metadata.labels === undefined
      ? { 'unikorn-cloud.org/organization': ORGANIZATION, 'unikorn-cloud.org/project': PROJECT }
      : metadata.labels;
  const annotations =
    metadata.annotations === undefined ? { 'unikorn-cloud.org/creator': CREATOR } : metadata.annotations;
  return {
    apiVersion: `${group}/${version}`,
    kind: KINDS[kind].kind,
    metadata: {
      namespace: NAMESPACE,
      name,
      ...(labels === null ? {} : { labels }),
      ...(annotations === null ? {} : { annotations }),
    },
  };
}

/** A running environment. */
export interface IdentityEnvironment {
  readonly ca: CertificateAuthority;
  readonly kubernetes: FakeKubernetesAPI;
  readonly server: IdentityAPIServer;
  readonly kube: KubeConfig;
  /** `--identity-host`, `--identity-ca-secret-namespace`, `--identity-ca-secret-name`. */
  readonly options: HTTPOptions;
  readonly clientOptions: HTTPClientOptions;
  readonly dispatcherCache: DispatcherCache;
  /** Client settings using {@link IdentityEnvironment.dispatcherCache}. */
  readonly settings: BaseClientSettings;
  readonly clientCertificate: IssuedCertificate;
  /** A Client on this environment (shares the dispatcher cache). */
  client(): Client;
  /** The requests the identity server received from `from` on, as `METHOD path`. */
  requestsSince(from: number): string[];
  close(): Promise<void>;
}

/** Starts CA, fake Kubernetes API and identity API server, seeding the Secrets, the kinds and project PROJECT. */
export async function startIdentityEnvironment(): Promise<IdentityEnvironment> {
  const ca = await CertificateAuthority.create({ commonName: 'identity-test-ca' });
  const [kubernetes, server, clientCertificate] = await Promise.all([
    FakeKubernetesAPI.start(),
    IdentityAPIServer.start({ ca, contract: CONTRACT_PATH }),
    ca.issueClient(CLIENT_COMMON_NAME, { keyType: 'ec-p256' }),
  ]);
  kubernetes.putSecret(tlsSecret(NAMESPACE, CA_SECRET, { certificatePem: ca.certificatePem }));
  kubernetes.putSecret(tlsSecret(NAMESPACE, CLIENT_SECRET, clientCertificate));
  for (const definition of Object.values(KINDS)) kubernetes.registerResource(definition);
  server.addProject({ organizationId: ORGANIZATION, id: PROJECT, name: 'demo' });

  const kube = new KubeConfig();
  kube.loadFromString(kubernetes.kubeconfigYaml());
  const options = newOptions({ host: server.url, caSecretNamespace: NAMESPACE, caSecretName: CA_SECRET });
  // The test keys are EC: allow them to sign (the library's default for Secret credentials is RSA only).
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
    options,
    clientOptions,
    dispatcherCache,
    settings,
    clientCertificate,
    client: () => new Client(kube, options, clientOptions, settings),
    requestsSince: (from) => server.requests.slice(from).map((request) => `${request.method} ${request.rawPath}`),
    close: async () => {
      await dispatcherCache.close();
      await Promise.all([server.close(), kubernetes.close()]);
    },
  };
}

export { refusedPort, rejection } from '@unikorn-cloud/testkit';

/** Answers `operationId` with `response` (no body, no headers unless given) for the duration of `fn`. */
export async function answering<T>(
  server: IdentityAPIServer,
  operationId: string,
  response: { status: number; headers?: Record<string, string>; body?: string },
  fn: () => Promise<T>,
): Promise<T> {
  server.override(operationId, () => ({ headers: {}, body: '', ...response }));
  try {
    return await fn();
  } finally {
    server.override(operationId, undefined);
  }
}

/** The value of a recorded request's header (case-insensitive). */
export function headerOf(rawHeaders: readonly (readonly [string, string])[], name: string): string | undefined {
  return rawHeaders.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}
