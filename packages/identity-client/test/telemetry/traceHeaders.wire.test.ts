/**
 * Exactly one `traceparent` (and `tracestate`) on the wire in every configuration — no SDK, an SDK with our spans
 * off, the real `@opentelemetry/instrumentation-undici`, our own client spans — asserting the raw request headers a
 * loopback mTLS server received and the parent/child relations of the exported spans.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { context, createTraceState, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { DispatcherCache } from '@unikorn-cloud/core-client';
import type { MTLSServer } from '@unikorn-cloud/testkit';
import { Agent, request as undiciRequest } from 'undici';
import { BaseClient, type BaseClientSettings } from '../../src';
import { Environment } from '../support/environment';
import {
  headerValues,
  registerTracingSdk,
  registerUndiciInstrumentation,
  resetTelemetry,
  THING_TEMPLATE,
  type TracingSdk,
  thingClient,
  traceparentSpanId,
} from '../support/telemetrySdk';

let env: Environment;
let server: MTLSServer;
let instrumentation: UndiciInstrumentation | undefined;

beforeAll(async () => {
  env = await Environment.start();
  server = await env.server();
  await env.clientSecret('service-wire');
});

afterAll(async () => {
  await env.close();
});

afterEach(() => {
  resetTelemetry(instrumentation);
  instrumentation = undefined;
});

async function client(settings: BaseClientSettings = {}) {
  const base = new BaseClient(env.kube, env.options(server.url), env.clientOptions('service-wire'), {
    dispatcherCache: new DispatcherCache(),
    ...settings,
  });
  env.onClose(() => base.close());
  return base.apiClient(thingClient);
}

/**
 * The exported spans of calls to the test server (the Kubernetes client's Secret reads go through Node's fetch, which
 * the undici instrumentation also sees; those are not the calls under test).
 */
async function serverSpans(sdk: TracingSdk) {
  return (await sdk.spans()).filter((span) => {
    const url = span.attributes['url.full'];
    return url === undefined || String(url).startsWith(server.url);
  });
}

/** Sends one request inside an active span `outer` carrying a tracestate; returns what the server received. */
async function tracedCall(sdk: TracingSdk, send: () => Promise<unknown>) {
  const tracer = sdk.provider.getTracer('test');
  const before = server.requests.length;
  const outer = tracer.startSpan('outer');
  const withState = trace.setSpanContext(context.active(), {
    ...outer.spanContext(),
    traceState: createTraceState('vendor=value'),
  });
  await context.with(trace.setSpan(withState, trace.wrapSpanContext(trace.getSpanContext(withState)!)), send);
  outer.end();
  expect(server.requests.length).toBe(before + 1);
  const recorded = server.requests[before];
  return {
    outer: outer.spanContext(),
    traceparents: headerValues(recorded.rawHeaders, 'traceparent'),
    tracestates: headerValues(recorded.rawHeaders, 'tracestate'),
  };
}

describe('exactly one traceparent on the wire', () => {
  it('no SDK (even with the undici instrumentation enabled): no trace header at all', async () => {
    instrumentation = registerUndiciInstrumentation();
    const api = await client();
    const before = server.requests.length;
    await api.get('a');
    const names = server.requests[before].rawHeaders.map(([name]) => name.toLowerCase());
    expect(names).not.toContain('traceparent');
    expect(names).not.toContain('tracestate');
  });

  it('control: with the real undici instrumentation, a plain undici request that already carries traceparent gets a second one', async () => {
    const sdk = registerTracingSdk();
    instrumentation = registerUndiciInstrumentation(sdk.provider);
    const issued = await env.clientSecret('service-control');
    const agent = new Agent({
      connect: { ca: env.ca.certificatePem, cert: issued.certificatePem, key: issued.privateKeyPem },
    });
    try {
      const { traceparents } = await tracedCall(sdk, async () => {
        const carrier: Record<string, string> = {};
        propagation.inject(context.active(), carrier);
        const response = await undiciRequest(`${server.url}/control`, { dispatcher: agent, headers: carrier });
        await response.body.text();
      });
      // The problem this package avoids: the instrumentation appends its own header.
      expect(traceparents).toHaveLength(2);
      expect((await serverSpans(sdk)).map((span) => span.instrumentationScope.name)).toContain(
        '@opentelemetry/instrumentation-undici',
      );
    } finally {
      await agent.close();
    }
  });

  it('SDK, our spans off: the caller’s span, once, and tracestate once', async () => {
    const sdk = registerTracingSdk();
    const api = await client({ telemetry: { spans: false } });
    const { outer, traceparents, tracestates } = await tracedCall(sdk, () => api.get('b'));
    expect(traceparents).toEqual([`00-${outer.traceId}-${outer.spanId}-01`]);
    expect(tracestates).toEqual(['vendor=value']);
    expect((await serverSpans(sdk)).map((span) => span.name)).toEqual(['outer']);
  });

  it('SDK with the undici instrumentation, our spans off: the caller’s span once; the instrumentation makes no span', async () => {
    const sdk = registerTracingSdk();
    instrumentation = registerUndiciInstrumentation(sdk.provider);
    const api = await client({ telemetry: { spans: false } });
    const { outer, traceparents, tracestates } = await tracedCall(sdk, () => api.get('c'));
    expect(traceparents).toEqual([`00-${outer.traceId}-${outer.spanId}-01`]);
    expect(tracestates).toEqual(['vendor=value']);
    expect((await serverSpans(sdk)).map((span) => span.name)).toEqual(['outer']);
  });

  it('SDK with our spans: the header names our client span, a child of the caller’s span', async () => {
    const sdk = registerTracingSdk();
    const api = await client();
    const { outer, traceparents, tracestates } = await tracedCall(sdk, () => api.get('d'));
    const clientSpan = (await serverSpans(sdk)).find((span) => span.name === `GET ${THING_TEMPLATE}`);
    expect(clientSpan).toBeDefined();
    expect(traceparents).toEqual([`00-${outer.traceId}-${clientSpan?.spanContext().spanId}-01`]);
    expect(tracestates).toEqual(['vendor=value']);
    expect(clientSpan?.parentSpanContext?.spanId).toBe(outer.spanId);
    expect(clientSpan?.spanContext().traceId).toBe(outer.traceId);
  });

  it('a tracer provider and propagator but no context manager, with the undici instrumentation: still one header', async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const provider = new TracerProvider();
    trace.setGlobalTracerProvider(provider);
    instrumentation = registerUndiciInstrumentation(provider);
    const api = await client();
    const before = server.requests.length;
    await api.get('no-context-manager');
    expect(headerValues(server.requests[before].rawHeaders, 'traceparent')).toHaveLength(1);
  });

  it('SDK with our spans and the undici instrumentation: still one header, ours; the instrumentation is suppressed', async () => {
    const sdk = registerTracingSdk();
    instrumentation = registerUndiciInstrumentation(sdk.provider);
    const api = await client();
    const { outer, traceparents } = await tracedCall(sdk, () => api.get('e'));
    const spans = await serverSpans(sdk);
    expect(spans.map((span) => span.name).sort()).toEqual([`GET ${THING_TEMPLATE}`, 'outer']);
    const clientSpan = spans.find((span) => span.name === `GET ${THING_TEMPLATE}`);
    expect(traceparents).toHaveLength(1);
    expect(traceparentSpanId(traceparents[0])).toBe(clientSpan?.spanContext().spanId);
    expect(clientSpan?.parentSpanContext?.spanId).toBe(outer.spanId);
    expect(spans.some((span) => span.instrumentationScope.name === '@opentelemetry/instrumentation-undici')).toBe(
      false,
    );
  });
});
