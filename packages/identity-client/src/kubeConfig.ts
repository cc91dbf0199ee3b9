/**
 * The Kubernetes client type, taken from core-client so this package needs no direct dependency on
 * `@kubernetes/client-node` (it is core's `KubeConfig`).
 */

import type { kubernetesClientFromContext } from '@unikorn-cloud/core-client';

/** A `KubeConfig` from `@kubernetes/client-node`, as accepted by core-client. */
export type KubeConfig = ReturnType<typeof kubernetesClientFromContext>;
