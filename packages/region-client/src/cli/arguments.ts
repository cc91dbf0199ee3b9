/** Argument parsing for `unikorn-region` beyond what commander does: the referencing resource locator. */

import { ParseFlagError } from '@unikorn-cloud/core-client';

/** `apiVersion/kind/namespace/name` (the apiVersion may itself contain a `/`). */
export interface ResourceLocator {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Parses a resource given as `apiVersion/kind/namespace/name`, e.g.
 * `compute.unikorn-cloud.org/v1alpha1/ComputeCluster/default/abc` or `v1/ConfigMap/default/x`.
 *
 * @throws ParseFlagError when a part is missing.
 */
export function parseResourceLocator(text: string): ResourceLocator {
  const parts = text.split('/');
  if (parts.length < 4 || parts.some((part) => part === '')) {
    throw new ParseFlagError(`resource "${text}" is not apiVersion/kind/namespace/name`);
  }
  const [kind, namespace, name] = parts.slice(-3) as [string, string, string];
  return { apiVersion: parts.slice(0, -3).join('/'), kind, namespace, name };
}
