/**
 * What `sendRequest` hands to the dispatcher and back to the caller, with a custom dispatcher (as a user's own
 * dispatcher or interceptor chain would be): the dispatch target, the URL mutators see, and response header names
 * lower-cased whatever the dispatcher reports.
 */

import { describe, expect, it } from '@jest/globals';
import type { Dispatcher } from '@unikorn-cloud/core-client';
import { type ClientTransport, type RequestMutator, sendRequest } from '../src';

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A dispatcher that records what it was asked to send and answers `reply` through the handler API. */
function replying(reply: Reply) {
  const sent: Dispatcher.DispatchOptions[] = [];
  const dispatcher = {
    dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
      sent.push(options);
      const controller = { abort() {}, pause() {}, resume() {} } as unknown as Dispatcher.DispatchController;
      queueMicrotask(() => {
        handler.onRequestStart?.(controller, {});
        handler.onResponseStart?.(controller, reply.status, reply.headers as Record<string, string>, 'OK');
        handler.onResponseData?.(controller, Buffer.from(reply.body));
        handler.onResponseEnd?.(controller, {});
      });
      return true;
    },
  } as unknown as Dispatcher;
  return { dispatcher, sent };
}

function transport(dispatcher: Dispatcher, mutators: RequestMutator[] = []): ClientTransport {
  return { baseUrl: 'https://region.example.com/prefix/', dispatcher, mutators, context: {} };
}

describe('sendRequest with a custom dispatcher', () => {
  it('lower-cases response header names and drops undefined values, so content-type is found', async () => {
    const { dispatcher } = replying({
      status: 200,
      headers: { 'Content-Type': 'application/json', 'X-Request-ID': 'r1', Empty: undefined },
      body: '{"ok":true}',
    });
    const response = await sendRequest(transport(dispatcher), { method: 'GET', path: '/api/v2/networks' });
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'x-request-id': 'r1' });
    expect(response.contentType).toBe('application/json');
    expect(response.body).toEqual({ ok: true });
    expect(response.json).toBe(true);
  });

  it('keeps lower-case headers (what undici reports) as they are, repeated values included', async () => {
    const { dispatcher } = replying({
      status: 201,
      headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': ['a=1', 'b=2'] },
      body: '[]',
    });
    const response = await sendRequest(transport(dispatcher), { method: 'PUT', path: 'api/v2/x' });
    expect(response.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'set-cookie': ['a=1', 'b=2'],
    });
    expect(response.body).toEqual([]);
  });

  it('sends to the joined origin and path, and a mutator reading the URL sees the same target', async () => {
    const { dispatcher, sent } = replying({ status: 204, headers: {}, body: '' });
    const seen: string[] = [];
    const readsUrl: RequestMutator = (request) => {
      seen.push(request.url.href, request.url.pathname);
      request.headers['X-Path'] = request.url.pathname;
    };
    await sendRequest(transport(dispatcher, [readsUrl]), {
      method: 'delete',
      path: '/api/v2/networks/n1/references/computeclusters.c%252Fx',
    });
    expect(sent[0]).toMatchObject({
      origin: 'https://region.example.com',
      path: '/prefix/api/v2/networks/n1/references/computeclusters.c%252Fx',
      method: 'DELETE',
      headers: { 'X-Path': '/prefix/api/v2/networks/n1/references/computeclusters.c%252Fx' },
    });
    expect(seen).toEqual([
      'https://region.example.com/prefix/api/v2/networks/n1/references/computeclusters.c%252Fx',
      '/prefix/api/v2/networks/n1/references/computeclusters.c%252Fx',
    ]);
  });

  it('resolves dot segments in a path before sending (the target the URL parser gives)', async () => {
    const { dispatcher, sent } = replying({ status: 200, headers: {}, body: '' });
    await sendRequest(transport(dispatcher), {
      method: 'GET',
      path: 'api/v2/networks/%2e%2e/regions',
      query: { a: 'b c' },
    });
    expect(sent[0]).toMatchObject({ origin: 'https://region.example.com', path: '/prefix/api/v2/regions?a=b+c' });
  });
});
