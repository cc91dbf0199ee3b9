/**
 * Scoping of the Kubernetes client through `AsyncLocalStorage`, the Node equivalent of Go's
 * `NewContext(ctx, client)` / `FromContext(ctx)`.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import type { KubeConfig } from '@kubernetes/client-node';
import { InvalidContextError } from '../errors/errors';

const kubernetesClientStorage = new AsyncLocalStorage<KubeConfig>();

/**
 * Runs `fn` with `kube` as the Kubernetes client of the current asynchronous context.
 *
 * @returns Whatever `fn` returns.
 */
export function withKubernetesClient<T>(kube: KubeConfig, fn: () => T): T {
  return kubernetesClientStorage.run(kube, fn);
}

/**
 * The Kubernetes client of the current asynchronous context.
 *
 * @throws InvalidContextError when none was set with {@link withKubernetesClient}.
 */
export function kubernetesClientFromContext(): KubeConfig {
  const kube = kubernetesClientStorage.getStore();
  if (!kube) {
    throw new InvalidContextError();
  }
  return kube;
}

/**
 * An explicitly passed client wins; otherwise the one from the current context.
 *
 * @throws InvalidContextError when neither is available.
 */
export function resolveKubernetesClient(kube?: KubeConfig): KubeConfig {
  return kube ?? kubernetesClientFromContext();
}
