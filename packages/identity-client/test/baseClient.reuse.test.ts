/**
 * `apiClient()` per request (as Go handlers build a client per request): the transport is shared while the dispatcher
 * is the same, the cache is not asked again, and a dispatcher closed by its cache is replaced, not reused.
 */

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DispatcherCache } from '@unikorn-cloud/core-client';
import { BaseClient, type ClientTransport, withPrincipal } from '../src';
import { Environment, testClient } from './support/environment';

const principal = { organizationId: 'org-1', projectId: 'proj-1', actor: 'user@example.com' };
const capture = (transport: ClientTransport) => transport;

let env: Environment;

beforeAll(async () => {
  env = await Environment.start();
});

afterAll(async () => {
  await env.close();
});

describe('apiClient() per request', () => {
  it('shares one transport and one mutator chain across clients while the dispatcher is the same', async () => {
    const server = await env.server();
    await env.clientSecret('service-reuse');
    const client = env.baseClient(server.url, 'service-reuse');
    const first = await client.apiClient(capture);
    const second = await client.apiClient(capture);
    expect(second).toBe(first);
    expect(second.dispatcher).toBe(first.dispatcher);
    const other = env.baseClient(server.url, 'service-reuse');
    expect((await other.apiClient(capture)).mutators).toBe(first.mutators);
    const response = await withPrincipal(principal, async () => (await client.apiClient(testClient)).get('/x'));
    expect(response.status).toBe(200);
  });

  it('builds on a new dispatcher once the cache closed the old one, and the new one works', async () => {
    const server = await env.server();
    await env.clientSecret('service-reopen');
    const cache = new DispatcherCache();
    const client = new BaseClient(env.kube, env.options(server.url), env.clientOptions('service-reopen'), {
      dispatcherCache: cache,
    });
    const before = await client.apiClient(capture);
    await cache.close();
    const after = await client.apiClient(capture);
    expect(after.credentials).not.toBe(before.credentials);
    const response = await withPrincipal(principal, async () => (await client.apiClient(testClient)).get('/y'));
    expect(response.status).toBe(200);
    await cache.close();
  });

  it('builds the client at once (no await) once the dispatcher is known; still rejects, never throws, on errors', async () => {
    const server = await env.server();
    await env.clientSecret('service-ready');
    const client = env.baseClient(server.url, 'service-ready');
    const resource = {
      metadata: {
        labels: { 'unikorn-cloud.org/organization': 'org-1' },
        annotations: { 'unikorn-cloud.org/creator': 'c' },
      },
    };
    await client.apiClient(capture);
    await client.controllerClient(capture, resource);
    let api = false;
    let controller = false;
    const built = [
      client.apiClient((transport) => {
        api = true;
        return transport;
      }),
      client.controllerClient((transport) => {
        controller = true;
        return transport;
      }, resource),
    ];
    // Synchronously, in the same turn as the calls.
    expect([api, controller]).toEqual([true, true]);
    await Promise.all(built);

    const failing = () => {
      throw new Error('builder failed');
    };
    let pending: Promise<unknown>[] = [];
    expect(() => {
      pending = [client.apiClient(failing), client.controllerClient(failing, resource)];
    }).not.toThrow();
    for (const rejected of pending) await expect(rejected).rejects.toThrow('builder failed');
    // Without any Kubernetes client: `context invalid`, as a rejection.
    const orphan = new BaseClient(undefined, env.options(server.url), env.clientOptions('service-ready'));
    let orphaned: Promise<unknown> | undefined;
    expect(() => {
      orphaned = orphan.apiClient(capture);
    }).not.toThrow();
    await expect(orphaned).rejects.toThrow('context invalid');
  });
});
