import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DispatcherCache, httpDispatcher, withRetry } from '@unikorn-cloud/core-client';
import type { MTLSServer } from '@unikorn-cloud/testkit';
import { waitFor } from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { BaseClient, sendRequest, withPrincipal } from '../src';
import { Environment, testClient } from './support/environment';

/** Handle kinds a leaked client would leave behind: sockets and timers. */
const KINDS = ['TLSSocket', 'TCPSocketWrap', 'Timeout'] as const;

function activeHandles(): Record<(typeof KINDS)[number], number> {
  const counts = { TLSSocket: 0, TCPSocketWrap: 0, Timeout: 0 };
  for (const kind of process.getActiveResourcesInfo()) {
    if ((KINDS as readonly string[]).includes(kind)) {
      counts[kind as (typeof KINDS)[number]] += 1;
    }
  }
  return counts;
}

const principal = { organizationId: 'org-1', actor: 'close@example.com' };
const resource = {
  metadata: {
    name: 'thing',
    labels: { 'unikorn-cloud.org/organization': 'org-1' },
    annotations: { 'principal.unikorn-cloud.org/creator': 'creator@example.com' },
  },
};

let env: Environment;
let server: MTLSServer;

beforeAll(async () => {
  env = await Environment.start();
  await env.clientSecret('close-core');
  await env.clientSecret('close-identity');
  // Every path answers 503 once, then 200, so the retrying client also runs a backoff timer.
  server = await env.server((recorded) =>
    server.requests.filter((other) => other.rawPath === recorded.rawPath).length === 1 &&
    recorded.rawPath.includes('busy')
      ? { status: 503 }
      : { status: 200, body: { ok: true } },
  );
});

afterAll(async () => {
  await env.close();
});

it('close() on the core dispatcher cache and on a BaseClient releases every socket and timer it used', async () => {
  // Build both clients first: their Secret reads use the Kubernetes client's own connections, which are not ours.
  const coreCache = new DispatcherCache();
  const dispatcher = await httpDispatcher(
    env.kube,
    env.options(server.url),
    env.clientOptions('close-core'),
    coreCache,
  );
  const base = new BaseClient(env.kube, env.options(server.url), env.clientOptions('close-identity'), {
    dispatcherCache: new DispatcherCache(),
    timeoutMs: 10_000,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
  });
  const api = await base.apiClient(testClient);
  const controller = await base.controllerClient(testClient, resource);
  const transport = await base.apiClient((created) => created);
  const baseline = activeHandles();

  // Concurrent requests, so each pool opens several connections; some are retried after a 503.
  await Promise.all(
    Array.from({ length: 4 }, async (_, n) => {
      const core = await request(`${server.url}/core/${n}`, { dispatcher: withRetry(dispatcher) });
      await core.body.text();
      expect(core.statusCode).toBe(200);
      expect((await withPrincipal(principal, () => api.get(`/api/busy/${n}`))).status).toBe(200);
      expect((await controller.get(`/controller/${n}`)).status).toBe(200);
      const put = await withPrincipal(principal, () =>
        sendRequest(transport, { method: 'PUT', path: `/busy/put/${n}`, body: { n }, timeoutMs: 5_000 }),
      );
      expect(put.status).toBe(200);
    }),
  );
  expect(server.openSockets).toBeGreaterThan(0);
  expect(activeHandles().TCPSocketWrap).toBeGreaterThan(baseline.TCPSocketWrap);

  await Promise.all([coreCache.close(), base.close()]);

  // The server sees every connection closed, and the process holds no more sockets or timers than before.
  await waitFor(() => server.openSockets === 0, 20_000, 'the server to see every connection closed');
  await waitFor(
    () => {
      const now = activeHandles();
      return KINDS.every((kind) => now[kind] <= baseline[kind]);
    },
    2_000,
    `active handles back to ${JSON.stringify(baseline)}`,
  );
});
