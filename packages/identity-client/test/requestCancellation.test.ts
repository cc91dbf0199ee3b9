import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, MTLSServer } from '@unikorn-cloud/testkit';
import { Agent } from 'undici';
import { type ClientTransport, RequestAbortedError, RequestCancellation, sendRequest } from '../src';

/** A listener that counts its calls. */
function countingListener() {
  const listener = () => {
    listener.calls++;
  };
  listener.calls = 0;
  return listener;
}

let ca: CertificateAuthority;
let server: MTLSServer;
let agent: Agent;
let transport: ClientTransport;

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'cancellation-ca' });
  server = await MTLSServer.start({
    ca,
    certificate: await ca.issueServer(),
    handler: (request) => (request.rawPath === '/stall' ? new Promise<never>(() => {}) : { status: 200, body: {} }),
  });
  const client = await ca.issueClient('client');
  agent = new Agent({ connect: { ca: ca.certificatePem, cert: client.certificatePem, key: client.privateKeyPem } });
  transport = { baseUrl: server.url, dispatcher: agent, mutators: [] };
});

afterAll(async () => {
  await agent.destroy();
  await server.close();
});

async function cancelWhenReceived(cancellation: RequestCancellation): Promise<void> {
  const from = server.requests.length;
  while (server.requests.length === from) await new Promise((resolve) => setTimeout(resolve, 5));
  cancellation.cancel();
}

describe('RequestCancellation', () => {
  it('is an EventEmitter without `aborted`, so undici takes it as an emitter signal', () => {
    const cancellation = new RequestCancellation();
    expect('aborted' in cancellation).toBe(false);
    expect(cancellation.cancelled).toBe(false);
    cancellation.cancel();
    cancellation.cancel();
    expect(cancellation.cancelled).toBe(true);
  });

  it('calls each onCancel listener once, not the removed ones, and still emits abort (no emitter listeners kept)', () => {
    const cancellation = new RequestCancellation();
    const calls: string[] = [];
    cancellation.onCancel(() => calls.push('first'));
    const remove = cancellation.onCancel(() => calls.push('removed'));
    cancellation.onCancel(() => calls.push('last'));
    cancellation.on('abort', () => calls.push('abort event'));
    remove();
    remove();
    // onCancel keeps its listeners itself: registering and removing one per request costs no emitter bookkeeping.
    expect(cancellation.listenerCount('abort')).toBe(1);
    cancellation.cancel();
    cancellation.cancel();
    expect(calls).toEqual(['first', 'last', 'abort event']);
    const late = countingListener();
    cancellation.onCancel(late)();
    expect(late.calls).toBe(0);
  });

  it('a request cancelled before it is sent fails with RequestAbortedError and reaches no server', async () => {
    const cancellation = new RequestCancellation();
    cancellation.cancel();
    const from = server.requests.length;
    await expect(sendRequest(transport, { method: 'GET', path: '/ok', cancellation })).rejects.toBeInstanceOf(
      RequestAbortedError,
    );
    expect(server.requests.length).toBe(from);
  });

  it('cancelling a request in flight ends it with RequestAbortedError', async () => {
    const cancellation = new RequestCancellation();
    const sent = sendRequest(transport, { method: 'GET', path: '/stall', cancellation });
    await cancelWhenReceived(cancellation);
    await expect(sent).rejects.toBeInstanceOf(RequestAbortedError);
  });

  it('works together with a timeout (the cancellation wins when it comes first)', async () => {
    const cancellation = new RequestCancellation();
    const sent = sendRequest(transport, { method: 'GET', path: '/stall', cancellation, timeoutMs: 20_000 });
    await cancelWhenReceived(cancellation);
    await expect(sent).rejects.toBeInstanceOf(RequestAbortedError);
    expect(cancellation.listenerCount('abort')).toBe(0);
  });

  it.each([
    ['without', undefined],
    ['with', 5_000],
  ])('an uncancelled request %s a timeout leaves no listener behind', async (_, timeoutMs) => {
    const cancellation = new RequestCancellation();
    const response = await sendRequest(transport, { method: 'GET', path: '/ok', cancellation, timeoutMs });
    expect(response.status).toBe(200);
    // undici removes its listener when the response body stream closes, an event-loop turn after it was read.
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancellation.listenerCount('abort')).toBe(0);
  });
});
