/**
 * The object semantics the fake API shares with a real API server: finalizers block deletion, resourceVersion
 * preconditions, update and patch, and list selectors.
 */

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request } from 'undici';
import { CertificateAuthority, FakeKubernetesAPI } from '../src';

const INGRESSES = '/apis/networking.k8s.io/v1/namespaces/ns/ingresses';

describe('FakeKubernetesAPI objects', () => {
  let api: FakeKubernetesAPI;
  let agent: Agent;

  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const response = await request(`${api.url}${path}`, {
      method: method as 'GET',
      dispatcher: agent,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${api.token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.statusCode, json: JSON.parse(await response.body.text()) };
  };

  const ingress = (name: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'ns', ...extra },
  });

  const names = (list: { items: { metadata: { name: string } }[] }) => list.items.map((i) => i.metadata.name).sort();

  beforeAll(async () => {
    api = await FakeKubernetesAPI.start({ ca: await CertificateAuthority.create({ commonName: 'objects-ca' }) });
    agent = new Agent({ connect: { ca: api.caPem, servername: 'localhost' }, keepAliveTimeout: 1000 });
  });

  afterAll(async () => {
    await agent.destroy();
    await api.close();
  });

  describe('finalizers', () => {
    it('a DELETE of an object with finalizers only marks it; clearing the finalizers removes it', async () => {
      api.putObject(ingress('held', { finalizers: ['unikorn', 'r1'] }));
      const deleted = await call('DELETE', `${INGRESSES}/held`);
      expect(deleted.status).toBe(200);
      expect(deleted.json.kind).toBe('Ingress');
      expect(deleted.json.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(deleted.json.metadata.deletionGracePeriodSeconds).toBe(0);
      const marked = api.getObject('networking.k8s.io/v1', 'Ingress', 'ns', 'held');
      expect(marked?.metadata.deletionTimestamp).toBe(deleted.json.metadata.deletionTimestamp);

      // A second DELETE changes nothing.
      const again = await call('DELETE', `${INGRESSES}/held`);
      expect(again.json.metadata.resourceVersion).toBe(deleted.json.metadata.resourceVersion);

      const partial = await call('PUT', `${INGRESSES}/held`, {
        ...deleted.json,
        metadata: { ...deleted.json.metadata, finalizers: ['unikorn'] },
      });
      expect(partial.status).toBe(200);
      expect(api.getObject('networking.k8s.io/v1', 'Ingress', 'ns', 'held')?.metadata.finalizers).toEqual(['unikorn']);

      const cleared = await call('PUT', `${INGRESSES}/held`, {
        ...partial.json,
        metadata: { ...partial.json.metadata, finalizers: [] },
      });
      expect(cleared.status).toBe(200);
      expect(cleared.json.metadata.deletionTimestamp).toBe(deleted.json.metadata.deletionTimestamp);
      expect(api.getObject('networking.k8s.io/v1', 'Ingress', 'ns', 'held')).toBeUndefined();
      expect((await call('GET', `${INGRESSES}/held`)).status).toBe(404);
    });

    it('an object being deleted cannot gain finalizers (422 Invalid)', async () => {
      api.putObject(ingress('closing', { finalizers: ['r1'] }));
      expect(api.requestDeletion('networking.k8s.io/v1', 'Ingress', 'ns', 'closing')).toBe('deleting');
      const current = (await call('GET', `${INGRESSES}/closing`)).json;
      const refused = await call('PUT', `${INGRESSES}/closing`, {
        ...current,
        metadata: { ...current.metadata, finalizers: ['r1', 'r2'] },
      });
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({
        reason: 'Invalid',
        message:
          'Ingress.networking.k8s.io "closing" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"r2"}',
      });
      expect(api.getObject('networking.k8s.io/v1', 'Ingress', 'ns', 'closing')?.metadata.finalizers).toEqual(['r1']);
    });

    it('clients can neither set nor clear deletionTimestamp', async () => {
      const created = await call('POST', INGRESSES, ingress('fresh', { deletionTimestamp: '2020-01-01T00:00:00Z' }));
      expect(created.status).toBe(201);
      expect(created.json.metadata.deletionTimestamp).toBeUndefined();
      const updated = await call('PUT', `${INGRESSES}/fresh`, {
        ...created.json,
        metadata: { ...created.json.metadata, deletionTimestamp: '2020-01-01T00:00:00Z', finalizers: ['x'] },
      });
      expect(updated.json.metadata.deletionTimestamp).toBeUndefined();

      expect(api.requestDeletion('networking.k8s.io/v1', 'Ingress', 'ns', 'fresh')).toBe('deleting');
      const marked = (await call('GET', `${INGRESSES}/fresh`)).json;
      const { deletionTimestamp: _dropped, ...metadata } = marked.metadata;
      const kept = await call('PUT', `${INGRESSES}/fresh`, { ...marked, metadata });
      expect(kept.json.metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);
    });

    it('a DELETE of an object without finalizers removes it at once', async () => {
      api.putObject(ingress('free'));
      const deleted = await call('DELETE', `${INGRESSES}/free`);
      expect(deleted.json).toMatchObject({ kind: 'Status', status: 'Success' });
      expect(api.requestDeletion('networking.k8s.io/v1', 'Ingress', 'ns', 'free')).toBe('missing');
    });
  });

  describe('patch', () => {
    it('applies a JSON merge patch (null deletes, arrays replace) and bumps resourceVersion', async () => {
      const stored = api.putObject(ingress('merge', { labels: { a: '1', b: '2' }, finalizers: ['x', 'y'] }));
      const patched = await call(
        'PATCH',
        `${INGRESSES}/merge`,
        { metadata: { labels: { a: null, c: '3' }, finalizers: ['z'] } },
        'application/merge-patch+json',
      );
      expect(patched.status).toBe(200);
      expect(patched.json.metadata.labels).toEqual({ b: '2', c: '3' });
      expect(patched.json.metadata.finalizers).toEqual(['z']);
      expect(Number(patched.json.metadata.resourceVersion)).toBeGreaterThan(Number(stored.metadata.resourceVersion));
    });

    it('treats metadata.resourceVersion in a merge patch as a precondition (409 when stale)', async () => {
      const stored = api.putObject(ingress('locked'));
      api.putObject(ingress('locked', { labels: { moved: 'on' } }));
      const stale = await call(
        'PATCH',
        `${INGRESSES}/locked`,
        { metadata: { resourceVersion: stored.metadata.resourceVersion, labels: { x: 'y' } } },
        'application/merge-patch+json',
      );
      expect(stale.status).toBe(409);
      expect(stale.json.reason).toBe('Conflict');
    });

    it('applies a JSON patch, and refuses a failing test operation with 422', async () => {
      api.putObject(ingress('json', { finalizers: ['a', 'b'] }));
      const patched = await call(
        'PATCH',
        `${INGRESSES}/json`,
        [
          { op: 'test', path: '/metadata/finalizers/0', value: 'a' },
          { op: 'remove', path: '/metadata/finalizers/0' },
          { op: 'add', path: '/metadata/finalizers/-', value: 'c' },
          { op: 'add', path: '/metadata/labels', value: { 'k/x': 'v' } },
        ],
        'application/json-patch+json',
      );
      expect(patched.status).toBe(200);
      expect(patched.json.metadata.finalizers).toEqual(['b', 'c']);
      expect(patched.json.metadata.labels).toEqual({ 'k/x': 'v' });
      const failed = await call(
        'PATCH',
        `${INGRESSES}/json`,
        [{ op: 'test', path: '/metadata/finalizers/0', value: 'a' }],
        'application/json-patch+json',
      );
      expect(failed.status).toBe(422);
    });

    it('refuses strategic merge patch with 415 and patches of missing objects with 404', async () => {
      api.putObject(ingress('smp'));
      const refused = await call(
        'PATCH',
        `${INGRESSES}/smp`,
        { metadata: {} },
        'application/strategic-merge-patch+json',
      );
      expect(refused.status).toBe(415);
      expect(refused.json.reason).toBe('UnsupportedMediaType');
      const missing = await call('PATCH', `${INGRESSES}/none`, {}, 'application/merge-patch+json');
      expect(missing.status).toBe(404);
    });

    it('keeps the finalizer rules on patch', async () => {
      api.putObject(ingress('patched-away', { finalizers: ['r1'] }));
      api.requestDeletion('networking.k8s.io/v1', 'Ingress', 'ns', 'patched-away');
      const added = await call(
        'PATCH',
        `${INGRESSES}/patched-away`,
        { metadata: { finalizers: ['r1', 'r2'] } },
        'application/merge-patch+json',
      );
      expect(added.status).toBe(422);
      const cleared = await call(
        'PATCH',
        `${INGRESSES}/patched-away`,
        { metadata: { finalizers: null } },
        'application/merge-patch+json',
      );
      expect(cleared.status).toBe(200);
      expect(api.getObject('networking.k8s.io/v1', 'Ingress', 'ns', 'patched-away')).toBeUndefined();
    });
  });

  describe('list selectors', () => {
    beforeAll(() => {
      const put = (namespace: string, name: string, labels: Record<string, string>) =>
        api.putObject({ ...ingress(name), metadata: { name, namespace, labels } });
      put('sel', 's1', { animal: 'giraffe', legs: '4' });
      put('sel', 's2', { animal: 'elephant', legs: '4' });
      put('sel', 's3', { animal: 'bird', legs: '2', wings: '' });
      put('other', 's4', { animal: 'giraffe' });
    });

    const list = async (query: string, namespace = 'sel') =>
      call('GET', `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses?${query}`);

    it.each([
      ['labelSelector=animal%3Dgiraffe', ['s1']],
      ['labelSelector=animal%3D%3Dgiraffe', ['s1']],
      ['labelSelector=animal!%3Dgiraffe', ['s2', 's3']],
      ['labelSelector=legs%3D4%2Canimal%20in%20(giraffe%2Celephant)', ['s1', 's2']],
      ['labelSelector=animal%20notin%20(giraffe)', ['s2', 's3']],
      ['labelSelector=wings', ['s3']],
      ['labelSelector=!wings', ['s1', 's2']],
      ['labelSelector=legs%3E3', ['s1', 's2']],
      ['labelSelector=', ['s1', 's2', 's3']],
      ['fieldSelector=metadata.name%3Ds2', ['s2']],
      ['fieldSelector=metadata.name!%3Ds2&labelSelector=legs%3D4', ['s1']],
    ])('%s → %j', async (query, expected) => {
      const { status, json } = await list(query);
      expect(status).toBe(200);
      expect(names(json)).toEqual(expected);
    });

    it('applies selectors across namespaces too', async () => {
      const { json } = await call('GET', '/apis/networking.k8s.io/v1/ingresses?labelSelector=animal%3Dgiraffe');
      expect(json.items.map((i: { metadata: { namespace: string } }) => i.metadata.namespace).sort()).toEqual([
        'other',
        'sel',
      ]);
    });

    it.each([
      ['labelSelector=a%3Db%3Dc'],
      ['labelSelector=in%20(x'],
      ['labelSelector=legs%3Emany'],
      ['labelSelector=%2C'],
      ['fieldSelector=spec.rules%3Dx'],
    ])('rejects %s with 400 BadRequest', async (query) => {
      const { status, json } = await list(query);
      expect(status).toBe(400);
      expect(json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    });
  });
});
