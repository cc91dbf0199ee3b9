import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CertificateAuthority,
  closedPort,
  FaultServer,
  type HandlerResponse,
  MTLSServer,
  type RecordedRequest,
  resetConnection,
  resetMidResponse,
  waitFor,
} from '@unikorn-cloud/testkit';
import { type Dispatcher, request } from 'undici';
import { ReloadingCredentialSource, type SourcedCredential } from '../src/credentials/credentialSource';
import { parseClientCredential } from '../src/credentials/secret/secrets';
import { CredentialDispatcher } from '../src/http/dispatcher';
import {
  defaultRetryPolicy,
  parseRetryAfterMs,
  type RetryPolicy,
  resolveRetryPolicy,
  retryDelayMs,
  withRetry,
} from '../src/http/retryPolicy';

/** Tiny waits so that no test depends on timing. */
const fast: RetryPolicy = { minDelayMs: 1, maxDelayMs: 5 };

let ca: CertificateAuthority;
let server: MTLSServer;
let faulty: FaultServer;
let dispatcher: CredentialDispatcher;
let pathCounter = 0;

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'retry-ca' });
  const client = await ca.issueClient('retry-client');
  const credential = await ReloadingCredentialSource.create<SourcedCredential>(
    async () => ({ ...parseClientCredential(client.certificatePem, client.privateKeyPem), ca: [ca.certificatePem] }),
    { intervalMs: 0 },
  );
  dispatcher = new CredentialDispatcher({ minVersion: 'TLSv1.3', ca: [ca.certificatePem], credential });
  server = await MTLSServer.start({ ca, certificate: await ca.issueServer(), minVersion: 'TLSv1.3' });
  faulty = await FaultServer.start(ca, (_request, response) => response.end());
});

afterAll(async () => {
  await dispatcher.close();
  await Promise.all([server.close(), faulty.close()]);
});

/** A path no earlier test used. */
function freshPath(): string {
  pathCounter += 1;
  return `/retry/${pathCounter}`;
}

/** Requests the MTLSServer received for `path`. */
function received(path: string): RecordedRequest[] {
  return server.requests.filter((recorded) => recorded.rawPath === path);
}

/** Handler answering `failure` to the first `failures` requests of each path, then 200 `{ attempt }`. */
function failFirst(failures: number, failure: (attempt: number) => HandlerResponse) {
  server.setHandler((recorded) => {
    const attempt = received(recorded.rawPath).length;
    return attempt <= failures ? failure(attempt) : { status: 200, body: { attempt } };
  });
}

const unavailable = (attempt: number): HandlerResponse => ({
  status: 503,
  headers: { 'content-type': 'text/plain' },
  body: `unavailable ${attempt}`,
});

async function send(via: Dispatcher, method: string, url: string, signal?: AbortSignal) {
  const body = method === 'GET' || method === 'DELETE' ? undefined : '{"name":"x"}';
  const response = await request(url, { method: method as Dispatcher.HttpMethod, body, dispatcher: via, signal });
  return { status: response.statusCode, text: await response.body.text() };
}

describe('retry policy settings', () => {
  it('defaults: 3 retries, 250 ms doubling to 5 s with jitter, 502/503/504, idempotent methods only', () => {
    const resolved = resolveRetryPolicy();
    expect(resolved).toEqual({ ...defaultRetryPolicy });
    expect(resolved.statusCodes).toEqual([502, 503, 504]);
    expect(resolved.methods).toEqual(['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']);
    expect(resolved.errorCodes).toEqual(
      expect.arrayContaining(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET']),
    );
    expect(resolved.errorCodes).toContain('UND_ERR_CONNECT_TIMEOUT');
    expect(resolveRetryPolicy({ maxRetries: -2, minDelayMs: 10, maxDelayMs: 1, methods: ['get'] })).toMatchObject({
      maxRetries: 0,
      minDelayMs: 10,
      maxDelayMs: 10,
      methods: ['GET'],
    });
  });

  it('Retry-After is read as delay-seconds or an HTTP date; anything else is ignored', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs(['7', '9'], now)).toBe(7_000);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });

  it('backoff doubles from minDelayMs, is capped at maxDelayMs, and jitter keeps it within [half, all]', () => {
    const policy = resolveRetryPolicy({ minDelayMs: 100, maxDelayMs: 1_000, jitter: false });
    expect([1, 2, 3, 4, 5, 6].map((retry) => retryDelayMs(policy, retry))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    const jittered = resolveRetryPolicy({ minDelayMs: 100, maxDelayMs: 1_000 });
    expect(retryDelayMs(jittered, 3, undefined, () => 0)).toBe(200);
    expect(retryDelayMs(jittered, 3, undefined, () => 0.5)).toBe(300);
    expect(retryDelayMs(jittered, 3, undefined, () => 0.999)).toBeLessThanOrEqual(400);
    // Retry-After wins over backoff (no jitter) and is capped as well.
    expect(retryDelayMs(jittered, 1, 700, () => 0)).toBe(700);
    expect(retryDelayMs(jittered, 1, 3_600_000)).toBe(1_000);
  });
});

describe('retries against a real mTLS server', () => {
  it('is off by default: a 503 comes straight back', async () => {
    failFirst(1, unavailable);
    const path = freshPath();
    expect(await send(dispatcher, 'GET', `${server.url}${path}`)).toEqual({ status: 503, text: 'unavailable 1' });
    expect(received(path)).toHaveLength(1);
    expect(withRetry(dispatcher, false)).toBe(dispatcher);
  });

  it.each(['GET', 'PUT', 'DELETE'])('retries %s answered 503 until it succeeds', async (method) => {
    failFirst(2, unavailable);
    const path = freshPath();
    const response = await send(withRetry(dispatcher, { ...fast, maxRetries: 3 }), method, `${server.url}${path}`);
    expect(response).toEqual({ status: 200, text: '{"attempt":3}' });
    const attempts = received(path);
    expect(attempts.map((recorded) => recorded.method)).toEqual([method, method, method]);
    // The request body is sent again on every attempt.
    expect(new Set(attempts.map((recorded) => recorded.body))).toEqual(
      new Set([method === 'PUT' ? '{"name":"x"}' : '']),
    );
  });

  it.each([502, 504])('retries a %i', async (status) => {
    failFirst(1, () => ({ status }));
    const path = freshPath();
    expect((await send(withRetry(dispatcher, fast), 'GET', `${server.url}${path}`)).status).toBe(200);
    expect(received(path)).toHaveLength(2);
  });

  it.each(['POST', 'PATCH'])('never retries %s', async (method) => {
    failFirst(1, unavailable);
    const path = freshPath();
    const response = await send(withRetry(dispatcher, { ...fast, maxRetries: 5 }), method, `${server.url}${path}`);
    expect(response).toEqual({ status: 503, text: 'unavailable 1' });
    expect(received(path)).toHaveLength(1);
  });

  it('does not retry statuses outside statusCodes (500, 404, 429)', async () => {
    for (const status of [500, 404, 429]) {
      failFirst(1, () => ({ status }));
      const path = freshPath();
      expect((await send(withRetry(dispatcher, fast), 'GET', `${server.url}${path}`)).status).toBe(status);
      expect(received(path)).toHaveLength(1);
    }
  });

  it('gives up after maxRetries and returns the last response with its body', async () => {
    failFirst(Number.POSITIVE_INFINITY, unavailable);
    const path = freshPath();
    const response = await send(withRetry(dispatcher, { ...fast, maxRetries: 2 }), 'GET', `${server.url}${path}`);
    expect(response).toEqual({ status: 503, text: 'unavailable 3' });
    expect(received(path)).toHaveLength(3);
  });

  it('honours Retry-After in seconds and as an HTTP date instead of its own (here one-minute) backoff', async () => {
    const slowBackoff = withRetry(dispatcher, { minDelayMs: 60_000, maxDelayMs: 120_000, jitter: false });
    const pastDate = new Date(Date.now() - 60_000).toUTCString();
    failFirst(2, (attempt) => ({ status: 503, headers: { 'retry-after': attempt === 1 ? '0' : pastDate } }));
    const path = freshPath();
    // With the one-minute backoff this would exceed the test timeout.
    expect((await send(slowBackoff, 'GET', `${server.url}${path}`)).status).toBe(200);
    expect(received(path)).toHaveLength(3);
  }, 10_000);

  it('caps a long Retry-After at maxDelayMs', async () => {
    failFirst(1, () => ({ status: 503, headers: { 'retry-after': '3600' } }));
    const path = freshPath();
    expect((await send(withRetry(dispatcher, fast), 'GET', `${server.url}${path}`)).status).toBe(200);
    expect(received(path)).toHaveLength(2);
  }, 10_000);

  it('an abort during the wait ends the request at once with the abort reason', async () => {
    failFirst(1, () => ({ status: 503, headers: { 'retry-after': '3600' } }));
    const path = freshPath();
    const controller = new AbortController();
    const longWait = withRetry(dispatcher, { maxDelayMs: 3_600_000 });
    const pending = send(longWait, 'GET', `${server.url}${path}`, controller.signal);
    await waitFor(() => received(path).length === 1, 20_000, 'first attempt');
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
    expect(received(path)).toHaveLength(1);
  }, 10_000);
});

describe('retries of connection errors', () => {
  it.each(['GET', 'PUT', 'DELETE'])('retries %s after the connection is reset before a response', async (method) => {
    faulty.behaviour = (_request, response, attempt) => {
      if (attempt <= 2) resetConnection(response);
      else response.end('done');
    };
    const path = freshPath();
    const response = await send(withRetry(dispatcher, fast), method, `${faulty.url}${path}`);
    expect(response).toEqual({ status: 200, text: 'done' });
    expect(faulty.count(path)).toBe(3);
  });

  it('never retries a POST whose connection was reset', async () => {
    faulty.behaviour = (_request, response) => resetConnection(response);
    const path = freshPath();
    await expect(send(withRetry(dispatcher, fast), 'POST', `${faulty.url}${path}`)).rejects.toMatchObject({
      code: 'UND_ERR_SOCKET',
    });
    expect(faulty.count(path)).toBe(1);
  });

  it('gives up after maxRetries with the last connection error', async () => {
    faulty.behaviour = (_request, response) => resetConnection(response);
    const path = freshPath();
    const failure = await send(withRetry(dispatcher, { ...fast, maxRetries: 2 }), 'GET', `${faulty.url}${path}`).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(faulty.count(path)).toBe(3);
  });

  it('does not retry once the response has started (reset mid-body): the caller gets the socket error', async () => {
    faulty.behaviour = (_request, response) => resetMidResponse(response);
    const path = freshPath();
    await expect(send(withRetry(dispatcher, fast), 'GET', `${faulty.url}${path}`)).rejects.toMatchObject({
      code: 'UND_ERR_SOCKET',
    });
    expect(faulty.count(path)).toBe(1);
  });

  it('retries a refused connection (closed port) and then reports ECONNREFUSED', async () => {
    const port = await closedPort();
    let connectionErrors = 0;
    const count = () => {
      connectionErrors += 1;
    };
    dispatcher.on('connectionError', count);
    try {
      const failure = await send(
        withRetry(dispatcher, { ...fast, maxRetries: 2 }),
        'GET',
        `https://127.0.0.1:${port}/`,
      ).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'ECONNREFUSED' });
      expect(connectionErrors).toBe(3);
    } finally {
      dispatcher.off('connectionError', count);
    }
  });
});
