import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DispatcherCache, propagateError, TypeConversionError, UnikornError } from '@unikorn-cloud/core-client';
import type { HandlerResponse, MTLSServer } from '@unikorn-cloud/testkit';
import { FaultServer, resetConnection, resetMidResponse, stallBody, waitFor } from '@unikorn-cloud/testkit';
import {
  BaseClient,
  type BaseClientSettings,
  type ClientTransport,
  RequestAbortedError,
  RequestTimeoutError,
  sendRequest,
  type TransportRequest,
  withPrincipal,
} from '../src';
import { Environment } from './support/environment';

const principal = { organizationId: 'org-1', projectId: 'proj-1', actor: 'faults@example.com' };
const SERVICE = 'faults-client';

let env: Environment;
let faulty: FaultServer;
let server: MTLSServer;
let answer: (attempt: number, method: string) => HandlerResponse = () => ({ status: 200 });

beforeAll(async () => {
  env = await Environment.start();
  await env.clientSecret(SERVICE);
  faulty = await FaultServer.start(env.ca, (_request, response) => response.end());
  env.onClose(() => faulty.close());
  server = await env.server((recorded) => {
    const attempt = server.requests.filter((other) => other.rawPath === recorded.rawPath).length;
    return answer(attempt, recorded.method);
  });
});

afterAll(async () => {
  await env.close();
});

/** A BaseClient with its own dispatcher cache (so its sockets are its own), and a transport to `host`. */
async function clientFor(host: string, settings: BaseClientSettings = {}) {
  const base = new BaseClient(env.kube, env.options(host), env.clientOptions(SERVICE), {
    dispatcherCache: new DispatcherCache(),
    ...settings,
  });
  env.onClose(() => base.close());
  const transport = await base.apiClient((created: ClientTransport) => created);
  const send = (request: TransportRequest) => withPrincipal(principal, () => sendRequest(transport, request));
  return { base, send };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error as Error,
  );
  return outcome;
}

describe('the per-request timeout and AbortSignal end stalled calls with typed errors and release the socket', () => {
  it('stalled headers: timeoutMs → RequestTimeoutError (cause: the TimeoutError undici reported)', async () => {
    faulty.behaviour = () => undefined;
    const { send } = await clientFor(faulty.url);
    // The timeout bounds the whole call (connect included): it is long enough for the request to reach the server
    // even on a loaded machine, so the server sees it before the call is cut short.
    const error = await failureOf(
      send({ method: 'GET', path: '/stall-headers', query: { token: 'q' }, timeoutMs: 3_000 }),
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toBeInstanceOf(UnikornError);
    expect(error).toMatchObject({ code: 'ERR_REQUEST_TIMEOUT', method: 'GET', timeoutMs: 3_000 });
    // The query is left out of the message.
    expect(error.message).toBe(`request timed out: GET ${faulty.url}/stall-headers after 3000ms`);
    expect((error.cause as Error).name).toBe('TimeoutError');
    expect(faulty.count('/stall-headers?token=q')).toBe(1);
    await waitFor(() => faulty.openSockets === 0, 20_000, 'the timed-out socket to close');
  });

  it('stalled body: the transport default timeout (settings.timeoutMs) also covers reading the body', async () => {
    faulty.behaviour = (_request, response) => stallBody(response);
    const { send } = await clientFor(faulty.url, { timeoutMs: 100 });
    const error = await failureOf(send({ method: 'GET', path: '/stall-body' }));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toBe(`request timed out: GET ${faulty.url}/stall-body after 100ms`);
    await waitFor(() => faulty.openSockets === 0, 20_000, 'the timed-out socket to close');
  });

  it('stalled headers: the caller aborting → RequestAbortedError with the signal reason as cause', async () => {
    faulty.behaviour = () => undefined;
    const { send } = await clientFor(faulty.url, { timeoutMs: 60_000 });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const pending = failureOf(
      send({ method: 'PUT', path: '/abort-headers', body: { a: 1 }, signal: controller.signal }),
    );
    await waitFor(() => faulty.count('/abort-headers') === 1, 20_000, 'the request to arrive');
    controller.abort(reason);
    const error = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ code: 'ERR_REQUEST_ABORTED', method: 'PUT' });
    expect(error.message).toBe(`request aborted: PUT ${faulty.url}/abort-headers`);
    expect(error.cause).toBe(reason);
    await waitFor(() => faulty.openSockets === 0, 20_000, 'the aborted socket to close');
  });

  it('stalled body: the caller aborting → RequestAbortedError', async () => {
    faulty.behaviour = (_request, response) => stallBody(response);
    const { send } = await clientFor(faulty.url);
    const controller = new AbortController();
    const pending = failureOf(send({ method: 'GET', path: '/abort-body', signal: controller.signal }));
    await waitFor(() => faulty.count('/abort-body') === 1, 20_000, 'the request to arrive');
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error.cause as Error).name).toBe('AbortError');
    await waitFor(() => faulty.openSockets === 0, 20_000, 'the aborted socket to close');
  });

  it('an already aborted signal sends nothing', async () => {
    const { send } = await clientFor(faulty.url);
    const error = await failureOf(send({ method: 'GET', path: '/pre-aborted', signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(faulty.count('/pre-aborted')).toBe(0);
  });
});

describe('region-like server faults through BaseClient', () => {
  it('connection reset mid-response: the undici SocketError (UND_ERR_SOCKET) is passed through, socket released', async () => {
    faulty.behaviour = (_request, response) => resetMidResponse(response);
    const { send } = await clientFor(faulty.url, { timeoutMs: 5_000 });
    const error = await failureOf(send({ method: 'GET', path: '/reset-mid' }));
    expect(error).not.toBeInstanceOf(UnikornError);
    expect(error).toMatchObject({ name: 'SocketError', code: 'UND_ERR_SOCKET' });
    await waitFor(() => faulty.openSockets === 0, 20_000, 'the reset socket to close');
  });

  it('connection reset before a response: not retried by default, retried with settings.retry', async () => {
    faulty.behaviour = (_request, response, attempt) => {
      if (attempt <= 2) resetConnection(response);
      else response.end('{"ok":true}');
    };
    const plain = await clientFor(faulty.url);
    await expect(plain.send({ method: 'GET', path: '/reset-once' })).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(faulty.count('/reset-once')).toBe(1);

    const retrying = await clientFor(faulty.url, { retry: { minDelayMs: 1, maxDelayMs: 5 } });
    const response = await retrying.send({ method: 'DELETE', path: '/reset-twice' });
    expect(response.status).toBe(200);
    expect(faulty.count('/reset-twice')).toBe(3);
  });

  it('5xx with a non-JSON body: the text comes back and propagateError reports it as not populated', async () => {
    answer = () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' });
    const { send } = await clientFor(server.url);
    const response = await send({ method: 'GET', path: '/html-502' });
    expect(response).toMatchObject({ status: 502, contentType: 'text/html', body: '<html>bad gateway</html>' });
    const error = propagateError(response, [502]);
    expect(error).toBeInstanceOf(TypeConversionError);
    expect(error.message).toBe('type conversion error: error field JSON502 not populated');
    expect(propagateError(response, [400, 500]).message).toBe('type conversion error: error field JSON502 not defined');
  });

  it('wrong content type: an error body sent as text/plain is not decoded; invalid JSON stays text', async () => {
    const errorBody = '{"error":"not_found","error_description":"no such region"}';
    answer = () => ({ status: 404, headers: { 'content-type': 'text/plain' }, body: errorBody });
    const { send } = await clientFor(server.url);
    const asText = await send({ method: 'GET', path: '/text-404' });
    expect(asText.body).toBe(errorBody);
    expect(propagateError(asText, [404]).message).toBe('type conversion error: error field JSON404 not populated');

    answer = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"truncated":' });
    expect((await send({ method: 'GET', path: '/bad-json' })).body).toBe('{"truncated":');
  });
});

describe('BaseClient retry setting', () => {
  const unavailableTwice = (attempt: number): HandlerResponse =>
    attempt <= 2 ? { status: 503, body: 'busy' } : { status: 200, body: { attempt } };

  it('is off by default: a 503 comes straight back', async () => {
    answer = unavailableTwice;
    const { send } = await clientFor(server.url);
    expect((await send({ method: 'PUT', path: '/retry-off', body: { a: 1 } })).status).toBe(503);
    expect(server.requests.filter((recorded) => recorded.rawPath === '/retry-off')).toHaveLength(1);
  });

  it.each(['PUT', 'DELETE'])('retries %s (the reference calls) on 503 when enabled', async (method) => {
    answer = unavailableTwice;
    const { send } = await clientFor(server.url, { retry: { minDelayMs: 1, maxDelayMs: 5 } });
    const path = `/retry-${method}`;
    const response = await send({ method, path, body: method === 'PUT' ? { a: 1 } : undefined });
    expect(response).toMatchObject({ status: 200, body: { attempt: 3 } });
    const attempts = server.requests.filter((recorded) => recorded.rawPath === path);
    expect(attempts).toHaveLength(3);
    // Every attempt went through the mutators: each carries the principal.
    expect(attempts.every((recorded) => recorded.headers['x-principal'] !== undefined)).toBe(true);
  });

  it('never retries POST', async () => {
    answer = unavailableTwice;
    const { send } = await clientFor(server.url, { retry: true });
    expect((await send({ method: 'POST', path: '/retry-post', body: { a: 1 } })).status).toBe(503);
    expect(server.requests.filter((recorded) => recorded.rawPath === '/retry-post')).toHaveLength(1);
  });
});
