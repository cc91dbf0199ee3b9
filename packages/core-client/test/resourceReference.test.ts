import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsistencyError } from '../src/errors/errors';
import { generateResourceReference, knownResourceReference } from '../src/references/resourceReference';
import { type KubernetesFixture, startKubernetes } from './fixtures';

let k8s: KubernetesFixture;

beforeAll(async () => {
  k8s = await startKubernetes();
  k8s.api.registerResource({
    group: 'unikorn-cloud.org',
    version: 'v1alpha1',
    kind: 'KubernetesCluster',
    plural: 'kubernetesclusters',
    subresources: ['status'],
  });
  k8s.api.registerResource({
    group: 'region.unikorn-cloud.org',
    version: 'v1alpha1',
    kind: 'Network',
    plural: 'networks',
  });
  k8s.api.registerResource({ group: 'dup.example.com', version: 'v1', kind: 'Thing', plural: 'things' });
  k8s.api.registerResource({ group: 'dup.example.com', version: 'v1', kind: 'Thing', plural: 'thingies' });
});

afterAll(async () => {
  await k8s.api.close();
});

const discoveryGets = (path: string) =>
  k8s.api.requests.filter((request) => request.method === 'GET' && request.path === path).length;

describe('generateResourceReference', () => {
  it('Ingress foo in networking.k8s.io gives ingresses.networking.k8s.io/foo', async () => {
    const reference = await generateResourceReference(k8s.kube, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'foo', namespace: 'default' },
    });
    expect(reference).toBe('ingresses.networking.k8s.io/foo');
  });

  it('group unikorn-cloud.org is rewritten to kubernetes.unikorn-cloud.org', async () => {
    const reference = await generateResourceReference(k8s.kube, {
      apiVersion: 'unikorn-cloud.org/v1alpha1',
      kind: 'KubernetesCluster',
      metadata: { name: 'c1', namespace: 'org-1' },
    });
    expect(reference).toBe('kubernetesclusters.kubernetes.unikorn-cloud.org/c1');
  });

  it('other unikorn groups are kept', async () => {
    const reference = await generateResourceReference(k8s.kube, {
      apiVersion: 'region.unikorn-cloud.org/v1alpha1',
      kind: 'Network',
      metadata: { name: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' },
    });
    expect(reference).toBe('networks.region.unikorn-cloud.org/f47ac10b-58cc-4372-a567-0e02b2c3d479');
  });

  it('a kind registered twice is rejected: expected single GVK for resource', async () => {
    const attempt = generateResourceReference(k8s.kube, {
      apiVersion: 'dup.example.com/v1',
      kind: 'Thing',
      metadata: { name: 't' },
    });
    await expect(attempt).rejects.toThrow(ConsistencyError);
    await expect(attempt).rejects.toThrow('consistency error: expected single GVK for resource');
  });

  it('core group gives <plural>./<name> and ignores subresources listed first', async () => {
    await expect(
      generateResourceReference(k8s.kube, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }),
    ).resolves.toBe('pods./p');
    await expect(
      generateResourceReference(k8s.kube, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }),
    ).resolves.toBe('secrets./s');
  });

  it('missing apiVersion or kind is rejected: expected single GVK for resource', async () => {
    await expect(generateResourceReference(k8s.kube, { kind: 'Pod', metadata: { name: 'p' } })).rejects.toThrow(
      'consistency error: expected single GVK for resource',
    );
    await expect(generateResourceReference(k8s.kube, { apiVersion: 'v1', metadata: { name: 'p' } })).rejects.toThrow(
      'consistency error: expected single GVK for resource',
    );
  });

  it('an unknown kind or group is a consistency error naming it', async () => {
    const unknownKind = generateResourceReference(k8s.kube, {
      apiVersion: 'v1',
      kind: 'Gadget',
      metadata: { name: 'g' },
    });
    await expect(unknownKind).rejects.toThrow(ConsistencyError);
    await expect(unknownKind).rejects.toThrow('consistency error: no matches for kind "Gadget" in version "v1"');

    const unknownGroup = generateResourceReference(k8s.kube, {
      apiVersion: 'nowhere.example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'g' },
    });
    await expect(unknownGroup).rejects.toThrow(
      'consistency error: no matches for kind "Gadget" in version "nowhere.example.com/v1"',
    );
  });

  it('caches discovery per apiVersion and re-discovers once for a kind registered later', async () => {
    const path = '/apis/cache.example.com/v1';
    k8s.api.registerResource({ group: 'cache.example.com', version: 'v1', kind: 'Alpha', plural: 'alphas' });
    const before = discoveryGets(path);
    for (const name of ['a', 'b', 'c']) {
      await expect(
        generateResourceReference(k8s.kube, { apiVersion: 'cache.example.com/v1', kind: 'Alpha', metadata: { name } }),
      ).resolves.toBe(`alphas.cache.example.com/${name}`);
    }
    expect(discoveryGets(path) - before).toBe(1);

    k8s.api.registerResource({ group: 'cache.example.com', version: 'v1', kind: 'Beta', plural: 'betas' });
    await expect(
      generateResourceReference(k8s.kube, {
        apiVersion: 'cache.example.com/v1',
        kind: 'Beta',
        metadata: { name: 'b' },
      }),
    ).resolves.toBe('betas.cache.example.com/b');
    expect(discoveryGets(path) - before).toBe(2);
  });

  it('answers a known kind from the cached list, and from the refreshed list once an unknown kind refreshed it', async () => {
    const path = '/apis/refresh.example.com/v1';
    const apiVersion = 'refresh.example.com/v1';
    k8s.api.registerResource({ group: 'refresh.example.com', version: 'v1', kind: 'Delta', plural: 'deltas' });
    const before = discoveryGets(path);
    await expect(
      generateResourceReference(k8s.kube, { apiVersion, kind: 'Delta', metadata: { name: 'd' } }),
    ).resolves.toBe('deltas.refresh.example.com/d');
    // Delta now has a second resource and a new kind appears: the known kind still answers from the list it was
    // found in, until the unknown kind refreshes that list.
    k8s.api.registerResource({ group: 'refresh.example.com', version: 'v1', kind: 'Delta', plural: 'deltaz' });
    k8s.api.registerResource({ group: 'refresh.example.com', version: 'v1', kind: 'Epsilon', plural: 'epsilons' });
    await expect(
      generateResourceReference(k8s.kube, { apiVersion, kind: 'Delta', metadata: { name: 'd' } }),
    ).resolves.toBe('deltas.refresh.example.com/d');
    expect(discoveryGets(path) - before).toBe(1);
    await expect(
      generateResourceReference(k8s.kube, { apiVersion, kind: 'Epsilon', metadata: { name: 'e' } }),
    ).resolves.toBe('epsilons.refresh.example.com/e');
    expect(discoveryGets(path) - before).toBe(2);
    await expect(
      generateResourceReference(k8s.kube, { apiVersion, kind: 'Delta', metadata: { name: 'd' } }),
    ).rejects.toThrow('consistency error: expected single GVK for resource');
    expect(discoveryGets(path) - before).toBe(2);
  });

  it('rejects (never throws) for a resource that is not an object', async () => {
    let pending: Promise<string> | undefined;
    expect(() => {
      pending = generateResourceReference(k8s.kube, undefined as never);
    }).not.toThrow();
    await expect(pending).rejects.toThrow(TypeError);
  });
});

describe('knownResourceReference', () => {
  it('answers at once only what the cached discovery maps to one resource, without any request', async () => {
    const apiVersion = 'known.example.com/v1';
    k8s.api.registerResource({ group: 'known.example.com', version: 'v1', kind: 'Zeta', plural: 'zetas' });
    k8s.api.registerResource({ group: 'known.example.com', version: 'v1', kind: 'Twin', plural: 'twins' });
    k8s.api.registerResource({ group: 'known.example.com', version: 'v1', kind: 'Twin', plural: 'twinz' });
    const zeta = { apiVersion, kind: 'Zeta', metadata: { name: 'z' } };
    const requests = k8s.api.requests.length;
    expect(knownResourceReference(k8s.kube, zeta)).toBeUndefined();
    expect(k8s.api.requests.length).toBe(requests);

    await expect(generateResourceReference(k8s.kube, zeta)).resolves.toBe('zetas.known.example.com/z');
    const afterDiscovery = k8s.api.requests.length;
    expect(knownResourceReference(k8s.kube, { ...zeta, metadata: { name: 'other' } })).toBe(
      'zetas.known.example.com/other',
    );
    // Two resources of one kind, a kind the list lacks, no kind, no apiVersion, not an object: no answer.
    expect(knownResourceReference(k8s.kube, { apiVersion, kind: 'Twin', metadata: { name: 't' } })).toBeUndefined();
    expect(knownResourceReference(k8s.kube, { apiVersion, kind: 'Omega', metadata: { name: 'o' } })).toBeUndefined();
    expect(knownResourceReference(k8s.kube, { apiVersion, metadata: { name: 'z' } })).toBeUndefined();
    expect(knownResourceReference(k8s.kube, { kind: 'Zeta', metadata: { name: 'z' } })).toBeUndefined();
    expect(knownResourceReference(k8s.kube, undefined as never)).toBeUndefined();
    expect(k8s.api.requests.length).toBe(afterDiscovery);
  });

  it('rewrites the legacy group as generateResourceReference does', async () => {
    const cluster = { apiVersion: 'unikorn-cloud.org/v1alpha1', kind: 'KubernetesCluster', metadata: { name: 'k' } };
    const generated = await generateResourceReference(k8s.kube, cluster);
    expect(knownResourceReference(k8s.kube, cluster)).toBe(generated);
    expect(generated).toBe('kubernetesclusters.kubernetes.unikorn-cloud.org/k');
  });
});
