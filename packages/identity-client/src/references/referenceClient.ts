/**
 * The base of the reference helpers (identity's project references, region's network references): the Go
 * constructor shape `(serviceDescriptor, serverOptions, clientOptions)` plus settings, and the preparation of each
 * call with a controller client for the resource.
 */

import type { HTTPClientOptions, HTTPOptions, ServiceDescriptor } from '@unikorn-cloud/core-client';
import { BaseClient, type BaseClientSettings, type ClientBuilder } from '../baseClient';
import type { RequestSettings } from '../codegen/requestClass';
import type { KubeConfig } from '../kubeConfig';
import type { ResourceWithMetadata } from '../principalFromResource';
import {
  type KubernetesResource,
  prepareReferenceCall,
  prepareReferenceCallNow,
  type ReferenceCall,
} from './prepareReferenceCall';

/** Options every reference helper takes. */
export interface ReferenceClientSettings extends BaseClientSettings, RequestSettings {
  /** Kubernetes client; default the one in context (identity context, then core `withKubernetesClient`), as in Go. */
  kube?: KubeConfig;
}

/** A resource a reference helper acts for: a Kubernetes object with the metadata of the signed principal. */
export type ReferencingKubernetesResource = KubernetesResource & ResourceWithMetadata;

/**
 * Holds what Go's `NewReferences(serviceDescriptor, serverOptions, clientOptions)` holds and prepares each call: the
 * Kubernetes client, a controller client for the resource (built per call, like Go, on the shared dispatcher), and the
 * reference escaped once.
 */
export abstract class ReferenceClient<S extends ReferenceClientSettings = ReferenceClientSettings> {
  /** The settings given to the constructor. */
  protected readonly settings: S;
  // The BaseClient of the last Kubernetes client used: kept, so its dispatcher and mutator lookups are not redone
  // for every call (the controller client itself is still built per call, like Go's).
  private base: { readonly kube: KubeConfig; readonly client: BaseClient } | undefined;

  /**
   * @param serviceDescriptor - the calling service (kept for parity with Go; not sent).
   * @param options - the remote service's host and CA Secret.
   * @param clientOptions - this service's client certificate.
   * @param settings - Kubernetes client, dispatcher cache, timeout and abort signal.
   */
  constructor(
    readonly serviceDescriptor: ServiceDescriptor | undefined,
    readonly options: HTTPOptions,
    readonly clientOptions: HTTPClientOptions,
    settings?: S,
  ) {
    this.settings = settings ?? ({} as S);
  }

  /**
   * Prepares one call for `resource`: `build` makes the (partial) generated client on the controller transport,
   * `factory` (when given) replaces the whole controller-client construction.
   */
  protected prepareCall<T>(
    resource: ReferencingKubernetesResource,
    build: (settings: RequestSettings) => ClientBuilder<T>,
    factory?: (kube: KubeConfig) => Promise<T>,
  ): Promise<ReferenceCall<T>> {
    return prepareReferenceCall(
      this.settings.kube,
      resource,
      factory ?? ((resolved) => this.baseClient(resolved).controllerClient(build(this.requestSettings()), resource)),
    );
  }

  /**
   * Prepares the call for `resource` (as {@link ReferenceClient.prepareCall}) and sends it with `send`. When the
   * controller client and the reference are ready (a warm helper without `factory`), both happen in this turn: no
   * promise of ours between the caller and the request. Errors reject the returned promise, in Go's order.
   */
  protected sendReferenceCall<T, R>(
    resource: ReferencingKubernetesResource,
    build: (settings: RequestSettings) => ClientBuilder<T>,
    send: (call: ReferenceCall<T>) => Promise<R>,
    factory?: (kube: KubeConfig) => Promise<T>,
  ): Promise<R> {
    if (factory === undefined) {
      try {
        const now = prepareReferenceCallNow(this.settings.kube, resource, (resolved) =>
          this.baseClient(resolved).readyControllerClient(build(this.requestSettings()), resource),
        );
        if (now !== undefined) return send(now);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.prepareCall(resource, build, factory).then(send);
  }

  // The per-request settings every controller client of this helper is built with.
  private requestSettings(): RequestSettings {
    const { signal, timeoutMs } = this.settings;
    return { signal, timeoutMs };
  }

  private baseClient(kube: KubeConfig): BaseClient {
    if (this.base?.kube !== kube) {
      const { kube: _kube, signal: _signal, timeoutMs: _timeoutMs, ...clientSettings } = this.settings;
      this.base = { kube, client: new BaseClient(kube, this.options, this.clientOptions, clientSettings) };
    }
    return this.base.client;
  }
}
