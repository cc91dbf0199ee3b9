/**
 * Credential metrics with the real metrics SDK: a BaseClient built while a meter provider is registered reports its
 * certificate's remaining life, epoch, consecutive failures and reload outcomes.
 */

import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, type MetricData } from '@opentelemetry/sdk-metrics';
import { DispatcherCache } from '@unikorn-cloud/core-client';
import { BaseClient, type ClientTransport, sendRequest, withPrincipal } from '../../src';
import { Environment } from '../support/environment';
import { TestMetricReader } from '../support/telemetrySdk';

const principal = { organizationId: 'org-1', actor: 'user@example.com' };
const getter = (transport: ClientTransport) => ({
  get: (path: string) => withPrincipal(principal, () => sendRequest(transport, { method: 'GET', path })),
});

let env: Environment;

beforeAll(async () => {
  env = await Environment.start();
});

afterAll(async () => {
  await env.close();
});

afterEach(() => {
  metrics.disable();
});

async function collected(reader: TestMetricReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics } = await reader.collect();
  const byName = new Map<string, MetricData>();
  for (const scope of resourceMetrics.scopeMetrics) {
    if (scope.scope.name !== '@unikorn-cloud/identity-client') continue;
    for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
  }
  return byName;
}

function points(metric: MetricData | undefined) {
  return (metric?.dataPoints ?? []).map((point) => ({ attributes: point.attributes, value: point.value }));
}

describe('credential metrics', () => {
  it('expiry, epoch, failures and reload outcomes of the client certificate', async () => {
    const server = await env.server();
    const issued = await env.clientSecret('service-metered');
    const reader = new TestMetricReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    let now = Date.now();
    const client = new BaseClient(
      env.kube,
      env.options(server.url),
      env.clientOptions('service-metered', { reloadIntervalMs: 60_000, now: () => now }),
      { dispatcherCache: new DispatcherCache() },
    );
    env.onClose(() => client.close());
    const api = await client.apiClient(getter);
    await api.get('/one');
    const secret = { 'unikorn.credential.secret': 'unikorn/service-metered-client' };

    let byName = await collected(reader);
    const [expiry] = points(byName.get('unikorn.client.credential.expiry'));
    const notAfter = new X509Certificate(issued.certificatePem).validToDate.getTime();
    expect(expiry.attributes).toEqual(secret);
    expect(Math.abs(Number(expiry.value) - (notAfter - Date.now()) / 1000)).toBeLessThan(60);
    expect(byName.get('unikorn.client.credential.expiry')?.descriptor.unit).toBe('s');
    expect(points(byName.get('unikorn.client.credential.epoch'))).toEqual([{ attributes: secret, value: 0 }]);
    expect(points(byName.get('unikorn.client.credential.failures'))).toEqual([{ attributes: secret, value: 0 }]);

    env.api.deleteSecret('unikorn', 'service-metered-client');
    now += 61_000;
    await api.get('/two');
    byName = await collected(reader);
    expect(points(byName.get('unikorn.client.credential.failures'))).toEqual([{ attributes: secret, value: 1 }]);
    expect(points(byName.get('unikorn.client.credential.reloads'))).toEqual([
      { attributes: { ...secret, outcome: 'failed' }, value: 1 },
    ]);
    await reader.shutdown();
  });
});
