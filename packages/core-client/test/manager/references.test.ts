/**
 * References as finalizers (Go `core/pkg/manager`) through @kubernetes/client-node against the testkit's fake
 * Kubernetes API over HTTPS, which enforces finalizers, resourceVersion conflicts and selectors as a real one does.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import type { FaultHook } from '@unikorn-cloud/testkit';
import { rejection } from '@unikorn-cloud/testkit';
import { ConsistencyError, TypeConversionError, YieldError } from '../../src/errors/errors';
import {
  addResourceReference,
  addResourceReferences,
  clearResourceReferences,
  getResourceReferences,
  removeResourceReference,
  removeResourceReferences,
} from '../../src/manager/references';
import { type KubernetesFixture, startKubernetes } from '../fixtures';

const INGRESS = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' } as const;
const REF = 'cat';

let k8s: KubernetesFixture;

beforeAll(async () => {
  k8s = await startKubernetes();
});

afterEach(() => {
  k8s.api.setFault(undefined);
});

afterAll(async () => {
  await k8s.api.close();
});

function seed(namespace: string, name: string, finalizers?: string[], labels?: Record<string, string>) {
  return k8s.api.putObject({
    ...INGRESS,
    metadata: {
      name,
      namespace,
      ...(finalizers === undefined ? {} : { finalizers }),
      ...(labels === undefined ? {} : { labels }),
    },
  });
}

const finalizersOf = (namespace: string, name: string) =>
  k8s.api.getObject(INGRESS.apiVersion, INGRESS.kind, namespace, name)?.metadata.finalizers;

/** Counts the requests with this method from now on. */
function counter(method: string): () => number {
  const from = k8s.api.requests.length;
  return () => k8s.api.requests.slice(from).filter((request) => request.method === method).length;
}

/** Answers every request with this method with `status` (a Kubernetes Status body). */
function failing(method: string, status: number, only?: (path: string) => boolean): FaultHook {
  return (request) =>
    request.method === method && (only === undefined || only(request.path)) ? { status } : undefined;
}

describe('getResourceReferences', () => {
  it('drops unikorn and foregroundDeletion and leaves the object unchanged', () => {
    const object = { metadata: { finalizers: ['unikorn', 'foregroundDeletion', 'cat', 'dag'] } };
    expect(getResourceReferences(object)).toEqual(['cat', 'dag']);
    expect(object.metadata.finalizers).toEqual(['unikorn', 'foregroundDeletion', 'cat', 'dag']);
  });

  it('keeps orphan, other controllers and duplicates, in order', () => {
    const finalizers = ['unikorn', 'orphan', 'other.io/x', 'foregroundDeletion', 'r1', 'r1', 'unikorn'];
    expect(getResourceReferences({ metadata: { finalizers } })).toEqual(['orphan', 'other.io/x', 'r1', 'r1']);
    expect(getResourceReferences({ metadata: {} })).toEqual([]);
    expect(getResourceReferences({})).toEqual([]);
  });
});

describe('addResourceReference', () => {
  it('appends the reference with one UPDATE, and writes nothing when it is there', async () => {
    seed('add', 'a1', ['unikorn']);
    const updates = counter('PUT');
    const stored = await addResourceReference(k8s.kube, INGRESS, { namespace: 'add', name: 'a1' }, 'r1');
    expect(updates()).toBe(1);
    expect(finalizersOf('add', 'a1')).toEqual(['unikorn', 'r1']);
    expect(stored.metadata?.finalizers).toEqual(['unikorn', 'r1']);

    const again = counter('PUT');
    await addResourceReference(k8s.kube, INGRESS, { namespace: 'add', name: 'a1' }, 'r1');
    expect(again()).toBe(0);
    expect(finalizersOf('add', 'a1')).toEqual(['unikorn', 'r1']);
  });

  it('a missing object: the NotFound error is returned unchanged', async () => {
    const error = await rejection(addResourceReference(k8s.kube, INGRESS, { namespace: 'add', name: 'none' }, 'r1'));
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<unknown>).code).toBe(404);
  });

  it('an update conflict is controller timeout yield; a 403 is returned unchanged', async () => {
    seed('add', 'a2');
    k8s.api.setFault(failing('PUT', 409));
    const conflict = await rejection(addResourceReference(k8s.kube, INGRESS, { namespace: 'add', name: 'a2' }, 'r1'));
    expect(conflict).toBeInstanceOf(YieldError);
    expect((conflict as Error).message).toBe('controller timeout yield');
    expect(((conflict as Error).cause as ApiException<unknown>).code).toBe(409);

    k8s.api.setFault(failing('PUT', 403));
    const forbidden = await rejection(addResourceReference(k8s.kube, INGRESS, { namespace: 'add', name: 'a2' }, 'r1'));
    expect(forbidden).toBeInstanceOf(ApiException);
    expect((forbidden as ApiException<unknown>).code).toBe(403);
    expect(finalizersOf('add', 'a2')).toBeUndefined();
  });

  it('a real resourceVersion conflict (written between read and update) yields', async () => {
    seed('add', 'a3');
    // Another writer updates the object between our GET and our UPDATE, so the UPDATE carries a stale resourceVersion.
    k8s.api.setFault((request) => {
      if (request.method === 'PUT' && request.path.endsWith('/ingresses/a3')) seed('add', 'a3', ['someone-else']);
      return undefined;
    });
    const error = await rejection(addResourceReference(k8s.kube, INGRESS, { namespace: 'add', name: 'a3' }, 'r1'));
    expect(error).toBeInstanceOf(YieldError);
    expect(finalizersOf('add', 'a3')).toEqual(['someone-else']);
  });

  it('cannot add a reference to an object that is being deleted (the API server refuses new finalizers)', async () => {
    seed('add', 'a4', ['unikorn']);
    k8s.api.requestDeletion(INGRESS.apiVersion, INGRESS.kind, 'add', 'a4');
    const error = await rejection(addResourceReference(k8s.kube, INGRESS, { namespace: 'add', name: 'a4' }, 'r1'));
    expect((error as ApiException<unknown>).code).toBe(422);
    expect(finalizersOf('add', 'a4')).toEqual(['unikorn']);
  });
});

describe('addResourceReferences', () => {
  beforeAll(() => {
    seed('bulk-add', 'a');
    seed('bulk-add', 'b');
  });

  it('an unknown id fails after the known ones before it were updated', async () => {
    const error = await rejection(
      addResourceReferences(k8s.kube, INGRESS, { namespace: 'bulk-add' }, 'r1', ['a', 'missing']),
    );
    expect(error).toBeInstanceOf(ConsistencyError);
    expect((error as Error).message).toBe('consistency error: attempt to reference unknown resource ID missing');
    expect(finalizersOf('bulk-add', 'a')).toEqual(['r1']);
    expect(finalizersOf('bulk-add', 'b')).toBeUndefined();
  });

  it('a repeated id is updated once', async () => {
    const updates = counter('PUT');
    await addResourceReferences(k8s.kube, INGRESS, { namespace: 'bulk-add' }, 'r2', ['b', 'b']);
    expect(updates()).toBe(1);
    expect(finalizersOf('bulk-add', 'b')).toEqual(['r2']);
  });

  it('a conflict yields; the list items that already carry the reference are skipped', async () => {
    k8s.api.setFault(failing('PUT', 409));
    const error = await rejection(addResourceReferences(k8s.kube, INGRESS, { namespace: 'bulk-add' }, 'r3', ['a']));
    expect(error).toBeInstanceOf(YieldError);
    k8s.api.setFault(undefined);
    const updates = counter('PUT');
    await addResourceReferences(k8s.kube, INGRESS, { namespace: 'bulk-add' }, 'r1', ['a']);
    expect(updates()).toBe(0);
  });
});

describe('removeResourceReference', () => {
  it('a missing object is success; an object without the reference is left unchanged', async () => {
    const updates = counter('PUT');
    await expect(
      removeResourceReference(k8s.kube, INGRESS, { namespace: 'donkey', name: 'foo' }, REF),
    ).resolves.toBeUndefined();
    const stored = seed('donkey', 'foo', ['unikorn']);
    const read = await removeResourceReference(k8s.kube, INGRESS, { namespace: 'donkey', name: 'foo' }, REF);
    expect(updates()).toBe(0);
    expect(read?.metadata?.resourceVersion).toBe(stored.metadata.resourceVersion);
    expect(finalizersOf('donkey', 'foo')).toEqual(['unikorn']);
  });

  it('removes every occurrence with one UPDATE, keeping the order of the rest', async () => {
    seed('remove', 'r', ['r1', 'x', 'r1']);
    const updates = counter('PUT');
    const stored = await removeResourceReference(k8s.kube, INGRESS, { namespace: 'remove', name: 'r' }, 'r1');
    expect(updates()).toBe(1);
    expect(finalizersOf('remove', 'r')).toEqual(['x']);
    expect(stored?.metadata?.finalizers).toEqual(['x']);
  });

  it('NotFound on the update is success; Conflict is controller timeout yield', async () => {
    seed('remove', 'gone', ['r1']);
    k8s.api.setFault(failing('PUT', 404));
    await expect(
      removeResourceReference(k8s.kube, INGRESS, { namespace: 'remove', name: 'gone' }, 'r1'),
    ).resolves.toBeUndefined();
    k8s.api.setFault(failing('PUT', 409));
    const error = await rejection(
      removeResourceReference(k8s.kube, INGRESS, { namespace: 'remove', name: 'gone' }, 'r1'),
    );
    expect(error).toBeInstanceOf(YieldError);
  });

  it('other read errors are returned unchanged', async () => {
    k8s.api.setFault(failing('GET', 500));
    const error = await rejection(removeResourceReference(k8s.kube, INGRESS, { namespace: 'remove', name: 'x' }, 'r1'));
    expect((error as ApiException<unknown>).code).toBe(500);
  });

  it('removing the last reference of an object being deleted lets the API server delete it', async () => {
    seed('remove', 'deleting', ['r1']);
    expect(k8s.api.requestDeletion(INGRESS.apiVersion, INGRESS.kind, 'remove', 'deleting')).toBe('deleting');
    await removeResourceReference(k8s.kube, INGRESS, { namespace: 'remove', name: 'deleting' }, 'r1');
    expect(k8s.api.getObject(INGRESS.apiVersion, INGRESS.kind, 'remove', 'deleting')).toBeUndefined();
  });
});

describe('removeResourceReferences and clearResourceReferences', () => {
  it('clear removes the reference only from objects the namespace and label selector match', async () => {
    seed('donkey', 'foo', ['unikorn', REF], { animal: 'giraffe' });
    seed('donkey', 'bar', undefined, { animal: 'giraffe' });
    seed('donkey', 'baz', ['unikorn', REF], { animal: 'elephant' });
    seed('dragon', 'baz', ['unikorn', REF], { animal: 'elephant' });
    seed('dragon', 'foo', ['unikorn', REF], { animal: 'giraffe' });

    await clearResourceReferences(
      k8s.kube,
      INGRESS,
      { namespace: 'donkey', labelSelector: { animal: 'giraffe' } },
      REF,
    );

    expect(finalizersOf('donkey', 'foo')).toEqual(['unikorn']);
    expect(finalizersOf('donkey', 'bar')).toBeUndefined();
    expect(finalizersOf('donkey', 'baz')).toEqual(['unikorn', REF]);
    expect(finalizersOf('dragon', 'baz')).toEqual(['unikorn', REF]);
    expect(finalizersOf('dragon', 'foo')).toEqual(['unikorn', REF]);
  });

  it('removes the reference from every listed object not named in ids', async () => {
    for (const name of ['a', 'b', 'c']) seed('bulk-remove', name, ['r1'], { set: 'one' });
    const updates = counter('PUT');
    await removeResourceReferences(k8s.kube, INGRESS, { namespace: 'bulk-remove', labelSelector: 'set=one' }, 'r1', [
      'b',
    ]);
    expect(updates()).toBe(2);
    expect(finalizersOf('bulk-remove', 'a')).toEqual([]);
    expect(finalizersOf('bulk-remove', 'b')).toEqual(['r1']);
    expect(finalizersOf('bulk-remove', 'c')).toEqual([]);
  });

  it('NotFound on an update is returned and the rest is not processed', async () => {
    for (const name of ['a', 'b', 'c']) seed('bulk-stop', name, ['r1']);
    k8s.api.setFault(failing('PUT', 404, (path) => path.endsWith('/ingresses/a')));
    const error = await rejection(removeResourceReferences(k8s.kube, INGRESS, { namespace: 'bulk-stop' }, 'r1', ['b']));
    expect((error as ApiException<unknown>).code).toBe(404);
    expect(finalizersOf('bulk-stop', 'c')).toEqual(['r1']);
  });

  it('a conflict yields; a list error is returned unchanged', async () => {
    seed('bulk-conflict', 'a', ['r1']);
    k8s.api.setFault(failing('PUT', 409));
    expect(
      await rejection(clearResourceReferences(k8s.kube, INGRESS, { namespace: 'bulk-conflict' }, 'r1')),
    ).toBeInstanceOf(YieldError);
    k8s.api.setFault(failing('GET', 403));
    const error = await rejection(clearResourceReferences(k8s.kube, INGRESS, { namespace: 'bulk-conflict' }, 'r1'));
    expect((error as ApiException<unknown>).code).toBe(403);
  });

  it('a list item that is not an object is a type conversion error', async () => {
    k8s.api.setFault((request) =>
      request.method === 'GET' && request.path.includes('/namespaces/odd/ingresses')
        ? {
            status: 200,
            body: { kind: 'IngressList', apiVersion: 'networking.k8s.io/v1', metadata: {}, items: [null] },
          }
        : undefined,
    );
    const error = await rejection(clearResourceReferences(k8s.kube, INGRESS, { namespace: 'odd' }, 'r1'));
    expect(error).toBeInstanceOf(TypeConversionError);
    expect((error as Error).message).toBe('type conversion error: resource not a client object');
  });
});
