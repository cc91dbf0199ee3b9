import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  APIError,
  accessDenied,
  asAPIError,
  type ErrorLogEntry,
  formatArgument,
  fromOpenAPIError,
  handledError,
  handleError,
  httpConflict,
  httpForbidden,
  httpMethodNotAllowed,
  httpNotFound,
  httpRequestEntityTooLarge,
  httpUnprocessableContent,
  internalErrorDescription,
  isAccessDenied,
  isBadRequest,
  isConflict,
  isForbidden,
  isHTTPNotFound,
  isMethodNotAllowed,
  isRequestEntityTooLarge,
  isUnprocessableContent,
  oauth2AccessDenied,
  oauth2InvalidRequest,
  propagateError,
  renderError,
  resolveTraceId,
  ServerError,
  sprint,
  sprintln,
  type WriteErrorOptions,
  WWWAuthenticateHeader,
  writeError,
  zeroTraceId,
} from '../src';

/** A real loopback node:http server whose handler is set per test; responses are read raw. */
type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler = (_request, response) => response.end();
let port = 0;
const server = createServer((request, response) => handler(request, response));

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface RawResponse {
  status: number;
  /** Header lines in order, names lower-cased. */
  headers: [string, string][];
  body: string;
}

function exchange(serve: Handler, headers: Record<string, string> = {}): Promise<RawResponse> {
  handler = serve;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const lines: [string, string][] = [];
        for (let index = 0; index < response.rawHeaders.length; index += 2) {
          lines.push([response.rawHeaders[index].toLowerCase(), response.rawHeaders[index + 1]]);
        }
        resolve({ status: response.statusCode ?? 0, headers: lines, body: Buffer.concat(chunks).toString('utf8') });
      });
    }).on('error', reject);
  });
}

/** The header lines a Go error writes, without the transport's own (date, connection, content-length, …). */
function errorHeaders(response: RawResponse): [string, string][] {
  const transport = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  return response.headers.filter(([name]) => !transport.has(name));
}

const handled = (error: unknown, options?: WriteErrorOptions) =>
  exchange((_request, response) => {
    handleError(response, error, options);
  });

describe('Go server errors on the wire', () => {
  it('HandleError with a plain error is a 500 with exactly Content-Type and Cache-Control', async () => {
    const response = await handled(new Error('fail: token=super-secret'));
    expect(response.status).toBe(500);
    expect(errorHeaders(response).sort()).toEqual([
      ['cache-control', 'no-cache'],
      ['content-type', 'application/json'],
    ]);
    const body = JSON.parse(response.body);
    expect(body.error).toBe('server_error');
    expect(body.error_description).toBe('an internal error has occurred, please contact support');
    expect(response.body).not.toContain('secret');
    expect(response.body).not.toContain('fail');
  });

  it('the headers are written in Go order: Cache-Control, Content-Type, then the error headers', async () => {
    const response = await handled(accessDenied('acme.com', 'cat'));
    expect(errorHeaders(response).map(([name]) => name)).toEqual(['cache-control', 'content-type', 'www-authenticate']);
  });

  it('HTTPForbidden("this","should","add","spaces") has the message "this should add spaces"', () => {
    const error = httpForbidden('this', 'should', 'add', 'spaces');
    expect(error.message).toBe('this should add spaces');
    expect(error.description).toBe('this should add spaces');
  });

  it('the active span trace ID is the body trace_id', async () => {
    const traceId = '0123456789abcdef0123456789abcdef';
    const response = await handled(httpForbidden('you shall not pass!'), { traceId: () => traceId });
    expect(JSON.parse(response.body).trace_id).toBe(traceId);
  });

  it('without a span (or with a malformed reader answer) trace_id is 32 zeros, never absent', async () => {
    expect(JSON.parse((await handled(httpNotFound())).body).trace_id).toBe(zeroTraceId);
    expect(resolveTraceId(() => 'ABCDEF0123456789abcdef0123456789')).toBe(zeroTraceId);
    expect(resolveTraceId(() => undefined)).toBe(zeroTraceId);
    expect(
      resolveTraceId(() => {
        throw new Error('no tracer');
      }),
    ).toBe(zeroTraceId);
  });

  it('NotFound / MethodNotAllowed / Conflict give 404 not_found, 405 method_not_allowed, 409 conflict', async () => {
    const cases = [
      [httpNotFound(), 404, 'not_found', 'resource not found', isHTTPNotFound],
      [httpMethodNotAllowed(), 405, 'method_not_allowed', 'the requested method was not allowed', isMethodNotAllowed],
      [httpConflict(), 409, 'conflict', 'the requested resource already exists', isConflict],
    ] as const;
    for (const [error, status, code, description, predicate] of cases) {
      const response = await handled(error);
      expect(response.status).toBe(status);
      expect(JSON.parse(response.body)).toEqual({ error: code, error_description: description, trace_id: zeroTraceId });
      expect(predicate(error)).toBe(true);
    }
  });

  it('Forbidden / RequestEntityTooLarge / InvalidRequest / UnprocessableContent / OAuth2AccessDenied carry the message', async () => {
    const message = 'this is a test';
    const cases = [
      [httpForbidden(message), 403, 'forbidden', isForbidden],
      [httpRequestEntityTooLarge(message), 413, 'request_entity_too_large', isRequestEntityTooLarge],
      [oauth2InvalidRequest(message), 400, 'invalid_request', isBadRequest],
      [httpUnprocessableContent(message), 422, 'unprocessable_content', isUnprocessableContent],
      [oauth2AccessDenied(message), 401, 'access_denied', isAccessDenied],
    ] as const;
    for (const [error, status, code, predicate] of cases) {
      const response = await handled(error);
      expect(response.status).toBe(status);
      expect(JSON.parse(response.body)).toMatchObject({ error: code, error_description: message });
      expect(errorHeaders(response).map(([name]) => name)).toEqual(['cache-control', 'content-type']);
      expect(predicate(error)).toBe(true);
    }
  });

  it('AccessDenied for https://acme.com/ with "cat" sets Go\'s WWW-Authenticate challenge', async () => {
    const response = await exchange(
      (request, reply) => {
        handleError(reply, accessDenied(request, 'cat'));
      },
      { host: 'acme.com' },
    );
    expect(response.status).toBe(401);
    expect(errorHeaders(response)).toContainEqual([
      'www-authenticate',
      'Bearer error="access_denied",error_description="cat",resource_metadata="https://acme.com/.well-known/openid-protected-resource"',
    ]);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'access_denied', error_description: 'cat' });
  });

  it('AccessDenied("a","b") is "a b" in the body and "ab" in the challenge; no args give ""', () => {
    const two = accessDenied('acme.com', 'a', 'b');
    expect(two.description).toBe('a b');
    expect(two.headers).toEqual([
      [
        'WWW-Authenticate',
        'Bearer error="access_denied",error_description="ab",resource_metadata="https://acme.com/.well-known/openid-protected-resource"',
      ],
    ]);
    const none = accessDenied('acme.com');
    expect(none.description).toBe('');
    expect(none.headers[0][1]).toContain('error_description=""');
    expect(JSON.parse(renderError(none).body)).toHaveProperty('error_description', '');
  });

  it('the challenge carries the description unescaped and the Host with its port', async () => {
    const response = await exchange(
      (request, reply) => {
        handleError(reply, accessDenied(request, 'say "hi"'));
      },
      { host: 'svc.example.com:8443' },
    );
    expect(errorHeaders(response)).toContainEqual([
      'www-authenticate',
      'Bearer error="access_denied",error_description="say "hi"",resource_metadata="https://svc.example.com:8443/.well-known/openid-protected-resource"',
    ]);
  });

  it('HTTPForbidden("<a&b>") body bytes are Go JSON with no trailing newline', async () => {
    const traceId = 'fedcba9876543210fedcba9876543210';
    const response = await handled(httpForbidden('<a&b>'), { traceId });
    expect(response.body).toBe(
      `{"error":"forbidden","error_description":"\\u003ca\\u0026b\\u003e","trace_id":"${traceId}"}`,
    );
  });

  it('HandleError on a wrapped HTTPConflict is a 409, and HandleError(nil) is a 500', async () => {
    const wrapped = new Error('wrap: the requested resource already exists', { cause: httpConflict() });
    const conflict = await handled(wrapped);
    expect(conflict.status).toBe(409);
    expect(JSON.parse(conflict.body)).toMatchObject({
      error: 'conflict',
      error_description: 'the requested resource already exists',
    });
    for (const nothing of [undefined, null]) {
      const response = await handled(nothing);
      expect(response.status).toBe(500);
      expect(JSON.parse(response.body)).toMatchObject({
        error: 'server_error',
        error_description: internalErrorDescription,
      });
    }
  });

  it('FromOpenAPIError(401, WWW-Authenticate, {access_denied, x, T}) writes no challenge and a fresh trace ID', async () => {
    const error = fromOpenAPIError(
      401,
      { 'WWW-Authenticate': 'Bearer error="access_denied"' },
      { error: 'access_denied', error_description: 'x', trace_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    );
    expect(isAccessDenied(error)).toBe(true);
    expect(error.description).toBe('x');
    const ours = '0123456789abcdef0123456789abcdef';
    const response = await handled(error, { traceId: ours });
    expect(errorHeaders(response).map(([name]) => name)).toEqual(['cache-control', 'content-type']);
    expect(JSON.parse(response.body)).toEqual({ error: 'access_denied', error_description: 'x', trace_id: ours });
  });

  it('an APIError propagated from a downstream response writes itself the same way', async () => {
    const propagated = propagateError(
      {
        status: 401,
        contentType: 'application/json',
        body: { error: 'access_denied', error_description: 'x', trace_id: 'b'.repeat(32) },
      },
      [401],
    );
    expect(propagated).toBeInstanceOf(APIError);
    expect(isAccessDenied(propagated)).toBe(true);
    const response = await handled(propagated);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({
      error: 'access_denied',
      error_description: 'x',
      trace_id: zeroTraceId,
    });
  });

  it('a Content-Type set earlier stays: both values are sent', async () => {
    const response = await exchange((_request, reply) => {
      reply.setHeader('Content-Type', 'text/plain');
      handleError(reply, httpNotFound());
    });
    expect(errorHeaders(response).filter(([name]) => name === 'content-type')).toEqual([
      ['content-type', 'text/plain'],
      ['content-type', 'application/json'],
    ]);
  });

  it('a response whose headers already went out is left alone', async () => {
    const response = await exchange((_request, reply) => {
      reply.writeHead(200, { 'content-type': 'text/plain' });
      reply.write('partial');
      expect(handleError(reply, httpNotFound())).toBe(false);
      reply.end();
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe('partial');
  });

  it('writeError logs the detail and the cause; the cause is never written', async () => {
    const entries: ErrorLogEntry[] = [];
    const cause = new Error('kubernetes said no: token abc');
    const error = httpForbidden('nope').withError(cause).withValues('user', 'u1');
    const response = await exchange((_request, reply) => {
      writeError(reply, error, { log: (entry) => entries.push(entry) });
    });
    expect(entries).toEqual([
      { status: 403, errorCode: 'forbidden', description: 'nope', cause, values: ['user', 'u1'] },
    ]);
    expect(response.body).not.toContain('kubernetes');
    expect(error.cause).toBe(cause);
    expect(error.withValues('other').values).toEqual(['other']);
  });
});

describe('Go argument formatting', () => {
  it('Sprintln always separates operands; Sprint only between two non-strings ("n",1,2 gives "n1 2" in both)', () => {
    expect(sprintln(['n', 1, 2])).toBe('n 1 2');
    expect(sprint(['n', 1, 2])).toBe('n1 2');
    expect(accessDenied('h', 'n', 1, 2).headers[0][1]).toContain('error_description="n1 2"');
    expect(sprint(['a', 'b'])).toBe('ab');
    expect(sprint([1, 'a', 2])).toBe('1a2');
    expect(sprint([new Error('e1'), new Error('e2')])).toBe('e1 e2');
    expect(sprintln([])).toBe('');
  });

  it('formats values as Go %v does', () => {
    expect(formatArgument(42)).toBe('42');
    expect(formatArgument(-0)).toBe('0');
    expect(formatArgument(1.5)).toBe('1.5');
    expect(formatArgument(0.0001)).toBe('0.0001');
    expect(formatArgument(0.00001)).toBe('1e-05');
    expect(formatArgument(1234567.5)).toBe('1.2345675e+06');
    expect(formatArgument(123456.5)).toBe('123456.5');
    expect(formatArgument(1e21)).toBe('1e+21');
    expect(formatArgument(Number.NaN)).toBe('NaN');
    expect(formatArgument(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatArgument(Number.NEGATIVE_INFINITY)).toBe('-Inf');
    expect(formatArgument(10n ** 30n)).toBe('1000000000000000000000000000000');
    expect(formatArgument(true)).toBe('true');
    expect(formatArgument(null)).toBe('<nil>');
    expect(formatArgument(undefined)).toBe('<nil>');
    expect(formatArgument(new Error('boom'))).toBe('boom');
  });
});

describe('WWW-Authenticate encoding', () => {
  it('sorts challenges by name and fields by key, joins fields by "," and challenges by ", "', () => {
    const header = new WWWAuthenticateHeader()
      .addField('DPoP', 'algs', 'ES256')
      .addField('Bearer', 'scope', 'a b')
      .addField('Bearer', 'error', 'x')
      .addField('Bearer', 'error', 'y');
    expect(header.encode()).toBe('Bearer error="y",scope="a b", DPoP algs="ES256"');
    expect(new WWWAuthenticateHeader().encode()).toBe('');
  });

  it('compares names by bytes as Go does', () => {
    const header = new WWWAuthenticateHeader().addField('B', '\u{1F600}', '1').addField('B', '\uFFFD', '2');
    expect(header.encode()).toBe('B \uFFFD="2",\u{1F600}="1"');
  });
});

describe('error chains and predicates', () => {
  it('a predicate looks at the first API error in the chain only, and never compares the code', () => {
    const inner = httpForbidden('inner');
    const outer = new ServerError({ status: 500, errorCode: 'server_error', description: 'outer' }).withError(inner);
    expect(isForbidden(outer)).toBe(false);
    expect(isForbidden(new Error('wrapped', { cause: inner }))).toBe(true);
    expect(isAccessDenied(new ServerError({ status: 401, errorCode: 'forbidden', description: 'odd' }))).toBe(true);
    expect(isBadRequest(new Error('plain'))).toBe(false);
    expect(isBadRequest(undefined)).toBe(false);
  });

  it('walks AggregateError members in order and survives cycles', () => {
    const first = httpConflict();
    const aggregate = new AggregateError([new Error('x'), first, httpNotFound()], 'many');
    expect(asAPIError(aggregate)).toBe(first);
    const cyclic = new Error('a');
    const other = new Error('b', { cause: cyclic });
    Object.defineProperty(cyclic, 'cause', { value: other });
    expect(asAPIError(cyclic)).toBeUndefined();
    expect(handledError(cyclic).status).toBe(500);
  });

  it('a ServerError is an APIError with the description as message', () => {
    const error = httpForbidden('x', 1);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.name).toBe('ServerError');
    expect(error.message).toBe('x 1');
    expect(error.withHeader('retry-after', '1').withHeader('Retry-After', '2').headers).toEqual([['Retry-After', '2']]);
  });
});
