import { describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import { InvalidContextError } from '../src/errors/errors';
import {
  kubernetesClientFromContext,
  resolveKubernetesClient,
  withKubernetesClient,
} from '../src/kubernetes/kubernetesContext';

describe('Kubernetes client context', () => {
  it('missing client → context invalid', () => {
    expect(() => kubernetesClientFromContext()).toThrow(InvalidContextError);
    expect(() => kubernetesClientFromContext()).toThrow('context invalid');
    expect(() => resolveKubernetesClient()).toThrow(InvalidContextError);
  });

  it('the client travels across awaits; an explicit client wins', async () => {
    const scoped = new KubeConfig();
    const explicit = new KubeConfig();
    await withKubernetesClient(scoped, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(kubernetesClientFromContext()).toBe(scoped);
      expect(resolveKubernetesClient()).toBe(scoped);
      expect(resolveKubernetesClient(explicit)).toBe(explicit);
    });
    expect(() => kubernetesClientFromContext()).toThrow(InvalidContextError);
  });
});
