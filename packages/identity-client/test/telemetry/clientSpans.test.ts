/**
 * Our client spans and the duration histogram follow the HTTP semantic conventions: one span per attempt (retries
 * carry `http.request.resend_count`), named from the path template, with the required attributes and `error.type`;
 * and the generated clients name spans from the contract's path template.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { context, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { DataPointType, type Histogram, MeterProvider } from '@opentelemetry/sdk-metrics';
import { DispatcherCache } from '@unikorn-cloud/core-client';
import { type MTLSServer, refusedPort } from '@unikorn-cloud/testkit';
import { BaseClient, type BaseClientSettings, ignoreSuppressedRequests, sendRequest, withPrincipal } from '../../src';
import { type CallOptions, OperationClient, type OperationSpec } from '../../src/codegen/operationClient';
import { operationResponseTypes, operationSuccessStatuses } from '../../src/generated/operationStatuses';
import { parseOrganizationID, parseProjectID } from '../../src/identity/ids';
import { CREATOR, ORGANIZATION, PROJECT, startIdentityEnvironment } from '../identity/support/identityEnvironment';
import { Environment } from '../support/environment';
import {
  headerValues,
  registerTracingSdk,
  registerUndiciInstrumentation,
  resetTelemetry,
  TestMetricReader,
  THING_PRINCIPAL,
  THING_TEMPLATE,
  type TracingSdk,
  thingClient,
  traceparentSpanId,
} from '../support/telemetrySdk';

const principal = THING_PRINCIPAL;
const USER = { organizationId: ORGANIZATION, projectId: PROJECT, actor: CREATOR };

let env: Environment;
let server: MTLSServer;
let sdk: TracingSdk;

beforeAll(async () => {
  env = await Environment.start();
  await env.clientSecret('service-spans');
});

afterAll(async () => {
  await env.close();
});

afterEach(() => {
  resetTelemetry();
  metrics.disable();
});

async function client(host: string, settings: BaseClientSettings = {}) {
  const base = new BaseClient(env.kube, env.options(host), env.clientOptions('service-spans'), {
    dispatcherCache: new DispatcherCache(),
    ...settings,
  });
  env.onClose(() => base.close());
  return base.apiClient(thingClient);
}

async function clientSpans() {
  return (await sdk.spans()).filter((span) => span.instrumentationScope.name === '@unikorn-cloud/identity-client');
}

describe('client spans', () => {
  it('one CLIENT span per attempt: a 503 then a 200, the retry carrying http.request.resend_count, each on the wire once', async () => {
    let calls = 0;
    server = await env.server(() => (++calls === 1 ? { status: 503, body: 'busy' } : { status: 200, body: { ok: 1 } }));
    sdk = registerTracingSdk();
    const api = await client(server.url, { retry: { minDelayMs: 1, jitter: false } });
    const outer = sdk.provider.getTracer('test').startSpan('outer');
    const response = await context.with(trace.setSpan(context.active(), outer), () => api.get('42'));
    outer.end();
    expect(response.status).toBe(200);

    const spans = await clientSpans();
    expect(spans).toHaveLength(2);
    const [first, second] = [...spans].sort(
      (a, b) =>
        Number(a.attributes['http.request.resend_count'] ?? 0) - Number(b.attributes['http.request.resend_count'] ?? 0),
    );
    const port = Number(new URL(server.url).port);
    for (const span of spans) {
      expect(span.name).toBe(`GET ${THING_TEMPLATE}`);
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'http.request.method': 'GET',
        'server.address': '127.0.0.1',
        'server.port': port,
        'url.full': `${server.url}/api/v1/things/42`,
        'url.scheme': 'https',
        'url.template': THING_TEMPLATE,
      });
    }
    expect(first.attributes['http.request.resend_count']).toBeUndefined();
    expect(first.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
    expect(first.status.code).toBe(SpanStatusCode.ERROR);
    expect(second.attributes).toMatchObject({ 'http.request.resend_count': 1, 'http.response.status_code': 200 });
    expect(second.attributes['error.type']).toBeUndefined();
    expect(second.status.code).toBe(SpanStatusCode.UNSET);

    const wire = server.requests.slice(-2).map((request) => headerValues(request.rawHeaders, 'traceparent'));
    expect(wire.map((values) => values.length)).toEqual([1, 1]);
    expect(wire.map((values) => traceparentSpanId(values[0]))).toEqual([
      first.spanContext().spanId,
      second.spanContext().spanId,
    ]);
  });

  it('a connection failure: error.type is the error code, no status code, span status ERROR', async () => {
    sdk = registerTracingSdk();
    const port = await refusedPort();
    const api = await client(`https://127.0.0.1:${port}`);
    await expect(api.get('1')).rejects.toThrow();
    const [span] = await clientSpans();
    expect(span.attributes['error.type']).toBe('ECONNREFUSED');
    expect(span.attributes['http.response.status_code']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('without a template the span is named by the method only, never by the raw path', async () => {
    server = await env.server();
    sdk = registerTracingSdk();
    const base = new BaseClient(env.kube, env.options(server.url), env.clientOptions('service-spans'), {
      dispatcherCache: new DispatcherCache(),
    });
    env.onClose(() => base.close());
    const api = await base.apiClient((transport) => ({
      get: () => withPrincipal(principal, () => sendRequest(transport, { method: 'GET', path: '/raw/secret-id' })),
    }));
    await api.get();
    const [span] = await clientSpans();
    expect(span.name).toBe('GET');
    expect(span.attributes['url.template']).toBeUndefined();
  });
});

describe('http.client.request.duration', () => {
  it('one measurement per attempt with the required attributes', async () => {
    server = await env.server();
    const reader = new TestMetricReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    const api = await client(server.url, { telemetry: { spans: false } });
    await api.get('7');
    await api.get('8');
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .filter((scope) => scope.scope.name === '@unikorn-cloud/identity-client')
      .flatMap((scope) => scope.metrics)
      .find((candidate) => candidate.descriptor.name === 'http.client.request.duration');
    expect(metric?.descriptor.unit).toBe('s');
    expect(metric?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const [point] = metric?.dataPoints ?? [];
    expect(metric?.dataPoints).toHaveLength(1);
    expect(point.attributes).toEqual({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
      'url.scheme': 'https',
      'url.template': THING_TEMPLATE,
      'network.protocol.version': '1.1',
      'http.response.status_code': 200,
    });
    const value = point.value as Histogram;
    expect(value.count).toBe(2);
    expect(value.sum).toBeGreaterThan(0);
    await reader.shutdown();
  });
});

describe('with the undici instrumentation', () => {
  it('it records its own duration for our requests unless given ignoreSuppressedRequests; ours is recorded either way', async () => {
    server = await env.server();
    // A context manager, as every SDK set-up registers: it carries the suppression into the dispatch.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const reader = new TestMetricReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    const port = Number(new URL(server.url).port);
    const durationsFor = async (scopeName: string) => {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics
        .filter((scope) => scope.scope.name === scopeName)
        .flatMap((scope) => scope.metrics)
        .filter((metric) => metric.descriptor.name === 'http.client.request.duration')
        .flatMap((metric) => metric.dataPoints as { attributes: Record<string, unknown>; value: unknown }[])
        .filter((point) => point.attributes['server.port'] === port)
        .reduce((count, point) => count + (point.value as Histogram).count, 0);
    };
    const api = await client(server.url, { telemetry: { spans: false } });

    const plain = registerUndiciInstrumentation();
    plain.setMeterProvider(metrics.getMeterProvider());
    await api.get('1');
    plain.disable();
    expect(await durationsFor('@opentelemetry/instrumentation-undici')).toBe(1);

    const hooked = new UndiciInstrumentation({ ignoreRequestHook: ignoreSuppressedRequests });
    hooked.setMeterProvider(metrics.getMeterProvider());
    await api.get('2');
    hooked.disable();
    expect(await durationsFor('@opentelemetry/instrumentation-undici')).toBe(1);
    expect(await durationsFor('@unikorn-cloud/identity-client')).toBe(2);
    await reader.shutdown();
  });
});

describe('generated clients', () => {
  it('name spans from the contract path template', async () => {
    const identity = await startIdentityEnvironment();
    try {
      sdk = registerTracingSdk();
      const api = await identity.client().apiClient();
      await withPrincipal(USER, () =>
        api.projects.getProject(parseOrganizationID(ORGANIZATION), parseProjectID(PROJECT)),
      );
      const [span] = await clientSpans();
      expect(span.name).toBe('GET /api/v1/organizations/{organizationID}/projects/{projectID}');
      expect(span.attributes['url.full']).toBe(
        `${identity.server.url}/api/v1/organizations/${ORGANIZATION}/projects/${PROJECT}`,
      );
    } finally {
      await identity.close();
    }
  });

  it('name spans from the path template when called through the options-object runtime (OperationClient)', async () => {
    const identity = await startIdentityEnvironment();
    try {
      sdk = registerTracingSdk();
      const getProject: OperationSpec = {
        operationId: 'getProject',
        method: 'GET',
        url: '/api/v1/organizations/{organizationID}/projects/{projectID}',
        path: [
          { name: 'organizationId', wire: 'organizationID', required: true },
          { name: 'projectId', wire: 'projectID', required: true },
        ],
        query: [],
        body: undefined,
        errors: {},
      };
      const tables = { successStatuses: operationSuccessStatuses, responseTypes: operationResponseTypes };
      const client = new BaseClient(identity.kube, identity.options, identity.clientOptions, identity.settings);
      const operations = await client.apiClient((transport) => new OperationClient(transport, tables));
      await withPrincipal(USER, () =>
        operations.call(getProject, { organizationId: ORGANIZATION, projectId: PROJECT } as CallOptions),
      );
      const [span] = await clientSpans();
      expect(span.name).toBe('GET /api/v1/organizations/{organizationID}/projects/{projectID}');
      expect(span.attributes['url.template']).toBe('/api/v1/organizations/{organizationID}/projects/{projectID}');
    } finally {
      await identity.close();
    }
  });
});
