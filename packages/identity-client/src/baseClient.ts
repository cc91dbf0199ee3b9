/**
 * BaseClient (identity `pkg/client`): builds API and controller clients of any generated API on top of core's
 * shared mTLS dispatcher and this package's ordered mutator chains.
 */

import {
  assertSigningKeyAllowed,
  type CredentialDispatcher,
  type CredentialLogger,
  type DispatcherCache,
  defaultDispatcherCache,
  type HTTPClientOptions,
  type HTTPOptions,
  httpDispatcher,
  type RetryPolicy,
  resolveKubernetesClient,
} from '@unikorn-cloud/core-client';
import type { Dispatcher } from 'undici';
import { currentIdentityContext } from './context';
import { clientDispatcher } from './extensions/clientDispatch';
import { watchCredentials } from './extensions/credentialWatch';
import type { DispatchInterceptor } from './extensions/interceptedDispatcher';
import { type ExtraMutators, withExtraMutators } from './extensions/mutatorPositions';
import type { KubeConfig } from './kubeConfig';
import type { AccessTokenGetter } from './mutators/accessTokenMutator';
import { apiMutators, controllerMutators } from './mutators/chains';
import type { RequestMutator } from './mutators/types';
import type { ResourceWithMetadata } from './principalFromResource';
import { credentialSigner, dispatcherSigningSource, type PrincipalSigner } from './signer';
import type { ClientTelemetryOptions } from './telemetry/telemetryOptions';
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
  /**
   * Client spans (one per attempt, `{method} {url.template}`) and the `http.client.request.duration` histogram:
   * on whenever a tracer / meter provider is in use (given here or registered globally), free otherwise.
   */
  telemetry?: ClientTelemetryOptions;
  /** Extra mutators: `first` before every built-in mutator, `last` after the principal mutator. */
  mutators?: ExtraMutators;
  /**
   * undici interceptors around the dispatcher (`compose` order), below retries and telemetry: they see every
   * attempt with its final headers.
   */
  interceptors?: readonly DispatchInterceptor[];
  /**
   * Send on this dispatcher instead of the mTLS one (e.g. undici's `MockAgent` in tests): API clients then need no
   * Kubernetes access and requests are not pinned to a credential lease. Controller clients still read the client
   * certificate to sign the principal.
   */
  dispatcher?: Dispatcher;
  /** Logger (pino-compatible) for credential lifecycle warnings and debug lines; never sees key material. */
  logger?: CredentialLogger;
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

/** A controller transport and the mTLS dispatcher whose key its signer uses. */
interface ControllerTransport {
  readonly dispatcher: CredentialDispatcher;
  readonly transport: ClientTransport;
}

/** What credential metrics call the client credential: `<namespace>/<name>` of its Secret, or `spiffe`. */
function credentialLabel(clientOptions: HTTPClientOptions): string {
  const { source, certificateNamespace, certificateName } = clientOptions;
  return source === 'spiffe' ? 'spiffe' : `${certificateNamespace}/${certificateName}`;
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
  private readonly controllerTransports = new WeakMap<ResourceWithMetadata, ControllerTransport>();

  /**
   * @param kube - Kubernetes client for the CA and client-certificate Secrets; undefined → taken from the
   *   identity context, then from core's Kubernetes context, when a client is built.
   * @param options - the remote service's host and CA Secret.
   * @param clientOptions - this service's client certificate.
   * @param settings - dispatcher cache, access token, timeout, retry policy, telemetry and extension points.
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
    const pending = httpDispatcher(kube, this.options, this.clientOptions, this.cache).then((dispatcher) => {
      // Once per dispatcher this client learns of: credential events to the logger and the credential metrics.
      watchCredentials(dispatcher, this.settings.logger, this.settings.telemetry, credentialLabel(this.clientOptions));
      return dispatcher;
    });
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

  /**
   * The dispatcher {@link BaseClient.httpClient} would resolve with, when it is already set up for the current
   * Kubernetes client and open; else undefined (then httpClient() is awaited).
   */
  private readyDispatcher(): CredentialDispatcher | undefined {
    const known = this.known;
    const dispatcher = known?.dispatcher;
    if (dispatcher === undefined || dispatcher.closed) return undefined;
    return known?.kube === this.kubernetesClient() ? dispatcher : undefined;
  }

  /**
   * A transport on `dispatcher` (or `settings.dispatcher`), with interceptors, telemetry, retries and the extra
   * mutators around `mutators`.
   */
  private transport(
    dispatcher: CredentialDispatcher | undefined,
    mutators: readonly RequestMutator[],
  ): ClientTransport {
    const base = this.settings.dispatcher ?? (dispatcher as CredentialDispatcher);
    return {
      baseUrl: this.options.host,
      dispatcher: clientDispatcher(base, this.settings),
      mutators: withExtraMutators(mutators, this.settings.mutators),
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
  apiClient<T>(builder: ClientBuilder<T>): Promise<T> {
    // Not `async`: once the dispatcher is known, the client is built at once (no await, no extra microtask turns for
    // a client built per request); errors still reject the returned promise.
    try {
      if (this.settings.dispatcher !== undefined) return Promise.resolve(this.apiClientOn(undefined, builder));
      const ready = this.readyDispatcher();
      if (ready !== undefined) return Promise.resolve(this.apiClientOn(ready, builder));
      return this.httpClient().then((dispatcher) => this.apiClientOn(dispatcher, builder));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private apiClientOn<T>(dispatcher: CredentialDispatcher | undefined, builder: ClientBuilder<T>): T {
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
  controllerClient<T>(builder: ClientBuilder<T>, resource: ResourceWithMetadata): Promise<T> {
    // The mTLS dispatcher is needed even with `settings.dispatcher`: its client key signs the principal. Not `async`,
    // as apiClient().
    try {
      const ready = this.readyDispatcher();
      if (ready !== undefined) return Promise.resolve(this.controllerClientOn(ready, builder, resource));
      return this.httpClient().then((dispatcher) => this.controllerClientOn(dispatcher, builder, resource));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * {@link BaseClient.controllerClient} without waiting: the client at once when this BaseClient's dispatcher is
   * already set up for the current Kubernetes client (an earlier call built it), else `undefined` (then call
   * `controllerClient`, which builds the dispatcher). Used by the reference helpers, so a warm call adds no turn.
   *
   * @throws As {@link BaseClient.controllerClient} (synchronously).
   */
  readyControllerClient<T>(builder: ClientBuilder<T>, resource: ResourceWithMetadata): T | undefined {
    const ready = this.readyDispatcher();
    return ready === undefined ? undefined : this.controllerClientOn(ready, builder, resource);
  }

  private controllerClientOn<T>(
    dispatcher: CredentialDispatcher,
    builder: ClientBuilder<T>,
    resource: ResourceWithMetadata,
  ): T {
    // Fail before any request when the key cannot sign what the servers verify (EC under the `rsa` policy).
    const credential = dispatcher.config.credential?.current();
    if (credential !== undefined) {
      assertSigningKeyAllowed(credential.privateKey, dispatcher.config.signingKeys ?? 'rsa');
    }
    let known = this.controllerTransports.get(resource);
    if (known === undefined || known.dispatcher !== dispatcher) {
      const mutators = controllerMutators(resource, signerFor(dispatcher), { accessToken: this.settings.accessToken });
      const sending = this.settings.dispatcher === undefined ? dispatcher : undefined;
      known = { dispatcher, transport: this.transport(sending, mutators) };
      this.controllerTransports.set(resource, known);
    }
    return builder(known.transport);
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
