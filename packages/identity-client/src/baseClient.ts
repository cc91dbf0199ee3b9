/**
 * BaseClient (identity `pkg/client`): builds API and controller clients of any generated API on top of core's
 * shared mTLS dispatcher and this package's ordered mutator chains.
 */

import {
  assertSigningKeyAllowed,
  type CredentialDispatcher,
  type DispatcherCache,
  defaultDispatcherCache,
  type HTTPClientOptions,
  type HTTPOptions,
  httpDispatcher,
  type RetryPolicy,
  resolveKubernetesClient,
  withRetry,
} from '@unikorn-cloud/core-client';
import { currentIdentityContext } from './context';
import type { KubeConfig } from './kubeConfig';
import type { AccessTokenGetter } from './mutators/accessTokenMutator';
import { apiMutators, controllerMutators } from './mutators/chains';
import type { RequestMutator } from './mutators/types';
import type { ResourceWithMetadata } from './principalFromResource';
import { credentialSigner, dispatcherSigningSource, type PrincipalSigner } from './signer';
import type { ClientTransport } from './transport';

/** Adapts a generated client to this package: given a transport, returns a ready client. */
export type ClientBuilder<T> = (transport: ClientTransport) => T;

/** Optional behaviour of a {@link BaseClient}. */
export interface BaseClientSettings {
  /** Where dispatchers are cached; default core's shared `defaultDispatcherCache`. */
  dispatcherCache?: DispatcherCache;
  /** When set, every request also carries `Authorization: bearer <token>` (legacy); none by default. */
  accessToken?: AccessTokenGetter;
  /** Default per-request timeout in milliseconds: bounds the whole call (reload wait, mutators, send, body). */
  timeoutMs?: number;
  /** Most bytes of a response body (default 16 MiB); a larger body fails with ResponseTooLargeError. */
  maxResponseBytes?: number;
  /**
   * Retry idempotent requests (GET, PUT, DELETE, HEAD, OPTIONS) on connection errors and 502/503/504, with
   * capped exponential backoff and `Retry-After` (core `withRetry`): `true` for the defaults, or a policy. Off by default.
   */
  retry?: RetryPolicy | boolean;
}

// One signer (and so one JWS cache) per dispatcher, shared by every client using that dispatcher.
const signers = new WeakMap<CredentialDispatcher, PrincipalSigner>();

function signerFor(dispatcher: CredentialDispatcher): PrincipalSigner {
  let signer = signers.get(dispatcher);
  if (signer === undefined) {
    signer = credentialSigner(dispatcherSigningSource(dispatcher));
    signers.set(dispatcher, signer);
  }
  return signer;
}

// The API chain without an access token is the same for every client (its mutators read the request's context when
// it is sent): built once, not per apiClient() (building a chain names each mutator, which is not free).
let sharedApiMutators: readonly RequestMutator[] | undefined;

/** The dispatcher an earlier `httpClient()` call returned, for the Kubernetes client it was resolved with. */
interface KnownDispatcher {
  readonly kube: KubeConfig;
  readonly pending: Promise<CredentialDispatcher>;
  dispatcher?: CredentialDispatcher;
}

/**
 * Client factory for one remote service. `apiClient` forwards the context principal (request-driven work);
 * `controllerClient` signs the principal of a persisted resource (controller work).
 */
export class BaseClient {
  private readonly cache: DispatcherCache;
  private known: KnownDispatcher | undefined;
  private apiChain: readonly RequestMutator[] | undefined;
  private apiTransport: ClientTransport | undefined;
  // Per resource object: its controller transport (the mutators read the resource's metadata at send time).
  private readonly controllerTransports = new WeakMap<ResourceWithMetadata, ClientTransport>();

  /**
   * @param kube - Kubernetes client for the CA and client-certificate Secrets; undefined → taken from the
   *   identity context, then from core's Kubernetes context, when a client is built.
   * @param options - the remote service's host and CA Secret.
   * @param clientOptions - this service's client certificate.
   * @param settings - optional dispatcher cache, access token, timeout and retry policy.
   */
  constructor(
    private readonly kube: KubeConfig | undefined,
    readonly options: HTTPOptions,
    readonly clientOptions: HTTPClientOptions,
    private readonly settings: BaseClientSettings = {},
  ) {
    this.cache = settings.dispatcherCache ?? defaultDispatcherCache;
  }

  private kubernetesClient(): KubeConfig {
    return resolveKubernetesClient(this.kube ?? currentIdentityContext().kube);
  }

  /**
   * The shared mTLS dispatcher for this service (TLS 1.3, the service's CA, this service's reloading client
   * certificate). Repeated calls return the same cached dispatcher: no new handshake, no new Secret read.
   */
  httpClient(): Promise<CredentialDispatcher> {
    const kube = this.kubernetesClient();
    // The cache's answer for the same Kubernetes client stays valid until that dispatcher is closed (the cache then
    // builds a new one) or its setup failed (not cached): remembered here, so a client per request skips the lookup.
    const known = this.known;
    if (known !== undefined && known.kube === kube && known.dispatcher?.closed !== true) {
      return known.pending;
    }
    const pending = httpDispatcher(kube, this.options, this.clientOptions, this.cache);
    const entry: KnownDispatcher = { kube, pending };
    this.known = entry;
    pending.then(
      (dispatcher) => {
        entry.dispatcher = dispatcher;
      },
      () => {
        if (this.known === entry) this.known = undefined;
      },
    );
    return pending;
  }

  private transport(dispatcher: CredentialDispatcher, mutators: readonly RequestMutator[]): ClientTransport {
    return {
      baseUrl: this.options.host,
      dispatcher: withRetry(dispatcher, this.settings.retry ?? false),
      mutators,
      timeoutMs: this.settings.timeoutMs,
      credentials: dispatcher,
      maxResponseBytes: this.settings.maxResponseBytes,
    };
  }

  private apiMutatorChain(): readonly RequestMutator[] {
    const { accessToken } = this.settings;
    if (accessToken === undefined) {
      sharedApiMutators ??= apiMutators();
      return sharedApiMutators;
    }
    this.apiChain ??= apiMutators({ accessToken });
    return this.apiChain;
  }

  /**
   * A client for request-driven work: every request carries the active trace context, the relayed client
   * certificate (if any) and the context principal as unsigned `X-Principal` (+ `X-Impersonate`). The transport
   * (dispatcher, mutator chain, settings) is built once per dispatcher and shared by the clients built on it.
   */
  async apiClient<T>(builder: ClientBuilder<T>): Promise<T> {
    const dispatcher = await this.httpClient();
    let transport = this.apiTransport;
    if (transport === undefined || transport.credentials !== dispatcher) {
      transport = this.transport(dispatcher, this.apiMutatorChain());
      this.apiTransport = transport;
    }
    return builder(transport);
  }

  /**
   * A client for controller work on `resource`: like {@link BaseClient.apiClient} but `X-Principal` is
   * `principalFromResource(resource)` signed with this service's client key (JWS cached per credential epoch).
   *
   * @throws ClientCredentialError when the client key is EC and the signing-key policy is `rsa` (the default for
   *   Secret-sourced credentials; set `--client-certificate-signing-keys=rsa-or-ec` for servers that accept EC).
   */
  async controllerClient<T>(builder: ClientBuilder<T>, resource: ResourceWithMetadata): Promise<T> {
    const dispatcher = await this.httpClient();
    // Fail before any request when the key cannot sign what the servers verify (EC under the `rsa` policy).
    const credential = dispatcher.config.credential?.current();
    if (credential !== undefined) {
      assertSigningKeyAllowed(credential.privateKey, dispatcher.config.signingKeys ?? 'rsa');
    }
    let transport = this.controllerTransports.get(resource);
    if (transport === undefined || transport.credentials !== dispatcher) {
      const mutators = controllerMutators(resource, signerFor(dispatcher), { accessToken: this.settings.accessToken });
      transport = this.transport(dispatcher, mutators);
      this.controllerTransports.set(resource, transport);
    }
    return builder(transport);
  }

  /**
   * Closes the dispatcher cache passed as `settings.dispatcherCache`. With core's shared default cache this does
   * nothing (close that once at shutdown with `defaultDispatcherCache.close()`).
   */
  async close(): Promise<void> {
    if (this.settings.dispatcherCache !== undefined) {
      await this.settings.dispatcherCache.close();
    }
  }
}
