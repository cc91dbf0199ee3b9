import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Dispatcher, DispatcherCache } from '@unikorn-cloud/core-client';
import { FaultServer, waitFor } from '@unikorn-cloud/testkit';
import {
  BaseClient,
  type ClientTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseTooLargeError,
  sendRequest,
  type TransportRequest,
  withPrincipal,
} from '../src';
import { ResponseCollector } from '../src/responseCollector';
import { Environment } from './support/environment';

const SERVICE = 'bounds-client';
let env: Environment;
let faulty: FaultServer;

beforeAll(async () => {
  env = await Environment.start();
  await env.clientSecret(SERVICE);
  faulty = await FaultServer.start(env.ca, (request, response) => {
    if (request.url === '/endless') {
      // An endless body: 64 KiB chunks for as long as the client reads.
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const write = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', write);
      };
      write();
    } else if (request.url === '/finite') {
      response.end(Buffer.alloc(3 * 1024 * 1024, 'b'));
    } else {
      response.end('{}');
    }
  });
  env.onClose(() => faulty.close());
});

afterAll(async () => {
  await env.close();
});

async function clientFor(settings: { maxResponseBytes?: number; timeoutMs?: number } = {}) {
  const base = new BaseClient(env.kube, env.options(faulty.url), env.clientOptions(SERVICE), {
    dispatcherCache: new DispatcherCache(),
    ...settings,
  });
  env.onClose(() => base.close());
  const transport = await base.apiClient((created: ClientTransport) => created);
  return (request: TransportRequest) =>
    withPrincipal({ actor: 'bounds@example.com' }, () => sendRequest(transport, request));
}

describe('response bodies are bounded by default and every failure reaches the caller', () => {
  it('the default cap is 16 MiB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(16 * 1024 * 1024);
  });

  it('an endless body fails with ResponseTooLargeError at the cap and the socket is released', async () => {
    const send = await clientFor({ maxResponseBytes: 1024 * 1024 });
    const error = await send({ method: 'GET', path: '/endless' }).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ code: 'ERR_RESPONSE_TOO_LARGE', maxBytes: 1024 * 1024 });
    expect(error?.message).toBe(`response too large: GET ${faulty.url}/endless sent more than 1048576 bytes`);
    await waitFor(() => faulty.openSockets === 0, 20_000, 'the socket of the endless body to close');
  });

  it('a finite body over the cap fails too; under the cap it is read', async () => {
    const small = await clientFor({ maxResponseBytes: 1024 * 1024 });
    await expect(small({ method: 'GET', path: '/finite' })).rejects.toBeInstanceOf(ResponseTooLargeError);
    const large = await clientFor();
    const response = await large({ method: 'GET', path: '/finite' });
    expect(response.text.length).toBe(3 * 1024 * 1024);
  });
});

describe('the collector can never hang', () => {
  const controller = (): Dispatcher.DispatchController =>
    ({
      abort: () => undefined,
      pause: () => undefined,
      resume: () => undefined,
    }) as unknown as Dispatcher.DispatchController;

  it('a body that cannot be turned into text rejects instead of leaving the request pending', async () => {
    const collector = new ResponseCollector();
    const chunk = Buffer.from('x');
    chunk.toString = () => {
      throw new RangeError('Invalid string length');
    };
    collector.onRequestStart(controller());
    collector.onResponseStart(controller(), 200, {});
    collector.onResponseData(controller(), chunk);
    collector.onResponseEnd();
    await expect(collector.response).rejects.toThrow('Invalid string length');
    expect(collector.done).toBe(true);
  });

  it('abort settles the response even when the dispatcher never reports the abort', async () => {
    const collector = new ResponseCollector();
    collector.onRequestStart(controller());
    collector.onResponseStart(controller(), 200, {});
    collector.onResponseData(controller(), Buffer.from('partial'));
    const timeout = new RequestTimeoutError('GET', new URL('https://x.test/y'), 5);
    collector.abort(timeout);
    await expect(collector.response).rejects.toBe(timeout);
    // Late callbacks change nothing.
    collector.onResponseEnd();
    collector.abort(new RequestAbortedError('GET', new URL('https://x.test/y')));
    await expect(collector.response).rejects.toBe(timeout);
  });
});
