import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type CredentialEvent, DispatcherCache, SecretReadTimeoutError } from '@unikorn-cloud/core-client';
import { type MTLSServer, waitFor } from '@unikorn-cloud/testkit';
import { BaseClient, type ClientTransport, RequestTimeoutError, sendRequest, withPrincipal } from '../src';
import { Environment } from './support/environment';

const HOUR = 3_600_000;
const CALLERS = 8;
const TIMEOUT_MS = 1_000;
const RUN_MS = 10_000;
/** Slack over the timeout a call may take on a loaded machine (event-loop delay, TLS). */
const MARGIN_MS = 2_000;
const resource = {
  metadata: {
    labels: { 'unikorn-cloud.org/organization': 'org-1', 'unikorn-cloud.org/project': 'proj-1' },
    annotations: { 'unikorn-cloud.org/creator': 'creator@example.com' },
  },
};

let env: Environment;
let server: MTLSServer;

beforeAll(async () => {
  env = await Environment.start();
  server = await env.server();
});

afterAll(async () => {
  env.api.setFault(undefined);
  await env.close();
});

it('a Kubernetes API that never answers during a due reload: ≥ 99% of api and controller calls succeed on the last good credential, none outlasts its timeout', async () => {
  await env.clientSecret('hung');
  let clock = Date.now();
  const clientOptions = env.clientOptions('hung', { reloadIntervalMs: HOUR, now: () => clock });
  clientOptions.secretReadTimeoutMs = 3_000;
  const base = new BaseClient(env.kube, env.options(server.url), clientOptions, {
    dispatcherCache: new DispatcherCache(),
    timeoutMs: TIMEOUT_MS,
  });
  env.onClose(() => base.close());
  const dispatcher = await base.httpClient();
  const events: CredentialEvent[] = [];
  dispatcher.config.credential?.onEvent((event) => events.push(event));
  const build = (transport: ClientTransport) => (path: string) => sendRequest(transport, { method: 'GET', path });
  const api = await base.apiClient(build);
  const controller = await base.controllerClient(build, resource);
  expect(env.api.reads('unikorn', 'hung-client')).toBe(1);

  // Every Kubernetes request from now on hangs for ever (until the test ends).
  let hung = 0;
  env.api.setFault(() => {
    hung++;
    return new Promise(() => undefined);
  });
  clock += HOUR + 1;

  const outcomes: { ok: boolean; ms: number; error?: unknown }[] = [];
  const deadline = Date.now() + RUN_MS;
  const caller = async (id: number) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const started = performance.now();
      const send = n % 2 === 0 ? api : controller;
      try {
        const response = await withPrincipal({ actor: `caller-${id}` }, () => send(`/hung/${id}/${n}`));
        outcomes.push({ ok: response.status === 200, ms: performance.now() - started });
      } catch (error) {
        outcomes.push({ ok: false, ms: performance.now() - started, error });
      }
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, (_, id) => caller(id)));

  const succeeded = outcomes.filter((outcome) => outcome.ok).length;
  const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
  const failures = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.error);
  expect(outcomes.length).toBeGreaterThan(100);
  expect(succeeded / outcomes.length).toBeGreaterThanOrEqual(0.99);
  for (const failure of failures) expect(failure).toBeInstanceOf(RequestTimeoutError);
  expect(slowest).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  expect(hung).toBeGreaterThan(0);
  // Every request went out on the last good certificate, and the hung read ended with its own timeout.
  expect(dispatcher.epoch).toBe(0);
  await waitFor(
    () => events.some((event) => event.type === 'reload-failed'),
    20_000,
    'the hung Secret read to time out',
  );
  const failed = events.find((event) => event.type === 'reload-failed');
  expect(failed?.type === 'reload-failed' && failed.error).toBeInstanceOf(SecretReadTimeoutError);
  expect(server.requests.length).toBeGreaterThan(100);
}, 60_000);
