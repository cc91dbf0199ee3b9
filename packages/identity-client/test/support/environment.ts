import {
  DispatcherCache,
  type HTTPClientOptions,
  type HTTPOptions,
  newHTTPClientOptions,
  newHTTPOptions,
} from '@unikorn-cloud/core-client';
import {
  CertificateAuthority,
  FakeKubernetesAPI,
  type IssuedCertificate,
  type KeyType,
  MTLSServer,
  type RequestHandler,
  tlsSecret,
} from '@unikorn-cloud/testkit';
import { BaseClient, type ClientTransport, type KubeConfig, sendRequest, type TransportResponse } from '../../src';
import { kubeConfigFromYaml } from './kubernetes';

export const namespace = 'unikorn';
export const caSecretName = 'service-ca';

/** A tiny generic client, standing in for a generated one. */
export interface TestClient {
  get(path: string): Promise<TransportResponse>;
}

/** The ClientBuilder of {@link TestClient}. */
export const testClient = (transport: ClientTransport): TestClient => ({
  get: (path) => sendRequest(transport, { method: 'GET', path }),
});

/** A CA, a fake Kubernetes API holding the CA Secret, and helpers to add services and clients. */
export class Environment {
  private readonly closers: (() => Promise<void>)[] = [];

  private constructor(
    readonly ca: CertificateAuthority,
    readonly api: FakeKubernetesAPI,
    readonly kube: KubeConfig,
  ) {}

  static async start(): Promise<Environment> {
    const ca = await CertificateAuthority.create({ commonName: 'identity-client-test-ca' });
    const api = await FakeKubernetesAPI.start();
    api.putSecret(tlsSecret(namespace, caSecretName, { certificatePem: ca.certificatePem }));
    const kube = await kubeConfigFromYaml(api.kubeconfigYaml());
    return new Environment(ca, api, kube);
  }

  /** An mTLS server (TLS 1.3 only) trusting the CA. */
  async server(handler?: RequestHandler): Promise<MTLSServer> {
    const server = await MTLSServer.start({
      ca: this.ca,
      certificate: await this.ca.issueServer(),
      minVersion: 'TLSv1.3',
      handler,
    });
    this.closers.push(() => server.close());
    return server;
  }

  /** Issues a client certificate and stores it as Secret `<commonName>-client`. */
  async clientSecret(commonName: string, keyType: KeyType = 'ec-p256'): Promise<IssuedCertificate> {
    const issued = await this.ca.issueClient(commonName, { keyType });
    this.api.putSecret(tlsSecret(namespace, `${commonName}-client`, issued));
    return issued;
  }

  /** Options reaching `host` with the CA Secret. */
  options(host: string): HTTPOptions {
    return newHTTPOptions('test', { host, caSecretNamespace: namespace, caSecretName });
  }

  /**
   * Client options for the Secret of `commonName`. The test certificates are EC by default, so EC signing is
   * enabled unless `signingKeys` says otherwise (the library's default for Secrets is `rsa`).
   */
  clientOptions(
    commonName: string,
    init: { reloadIntervalMs?: number; now?: () => number; signingKeys?: string } = {},
  ): HTTPClientOptions {
    return newHTTPClientOptions({
      certificateNamespace: namespace,
      certificateName: `${commonName}-client`,
      signingKeys: 'rsa-or-ec',
      ...init,
    });
  }

  /** A BaseClient of service `commonName` for `host`, with its own dispatcher cache (closed by {@link close}). */
  baseClient(host: string, commonName: string, clientOptions = this.clientOptions(commonName)): BaseClient {
    const client = new BaseClient(this.kube, this.options(host), clientOptions, {
      dispatcherCache: new DispatcherCache(),
    });
    this.closers.push(() => client.close());
    return client;
  }

  /** Registers a cleanup step. */
  onClose(closer: () => Promise<void>): void {
    this.closers.push(closer);
  }

  async close(): Promise<void> {
    for (const closer of this.closers.reverse()) {
      await closer();
    }
    await this.api.close();
  }
}
