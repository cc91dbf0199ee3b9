/**
 * Kubernetes failures the CLI reports: one line naming what was read (kind, namespace, name), the API server's
 * reason and the HTTP status, instead of @kubernetes/client-node's `HTTP-Code: 404 Message: …` dump.
 */

import { ApiException } from '@kubernetes/client-node';
import type { ResourceLocator } from './arguments';

/** Reading or using a Kubernetes object failed; the message names the object. */
export class KubernetesObjectError extends Error {
  override readonly name = 'KubernetesObjectError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_KUBERNETES_OBJECT';
  /** The HTTP status the API server answered with, when it answered. */
  readonly status?: number;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

/** The `reason` (or short `message`) of a Kubernetes `Status` body, when the body is one. */
function statusReason(body: unknown): string | undefined {
  let status: unknown = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (status === null || typeof status !== 'object') return undefined;
  const { reason, message } = status as { reason?: unknown; message?: unknown };
  if (typeof message === 'string' && message.length > 0 && message.length <= 200) return message;
  return typeof reason === 'string' && reason.length > 0 ? reason : undefined;
}

const REASONS: Readonly<Record<number, string>> = {
  401: 'unauthorized (check the kubeconfig credentials)',
  403: 'forbidden (the service account needs get on this kind)',
  404: 'not found',
};

/**
 * Wraps a failure of reading `locator` from the Kubernetes API: `reading ComputeCluster unikorn/cluster-1:
 * not found (HTTP 404)`. Errors without an HTTP status (connection refused, TLS) keep their own text.
 */
export function kubernetesReadError(locator: ResourceLocator, error: unknown): KubernetesObjectError {
  const what = `reading ${locator.kind} ${locator.namespace}/${locator.name} (${locator.apiVersion})`;
  if (error instanceof ApiException) {
    const status = error.code;
    const reason = REASONS[status] ?? statusReason(error.body) ?? 'request failed';
    return new KubernetesObjectError(`${what}: ${reason} (HTTP ${status})`, { status, cause: error });
  }
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new KubernetesObjectError(`${what}: ${detail}`, { cause: error });
}
