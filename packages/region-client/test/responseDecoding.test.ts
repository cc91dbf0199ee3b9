import { afterAll, describe, expect, it } from '@jest/globals';
import { type ClientTransport, ResponseDecodeError } from '@unikorn-cloud/identity-client';
import { MockAgent } from 'undici';
import { regionAPI } from '../src/regionAPI';

const ORIGIN = 'https://region.test';
const agent = new MockAgent();
agent.disableNetConnect();

afterAll(async () => {
  await agent.close();
});

function api() {
  const transport: ClientTransport = { baseUrl: ORIGIN, dispatcher: agent, mutators: [] };
  return regionAPI(transport);
}

function reply(path: string, status: number, body: string, contentType = 'application/json'): void {
  agent
    .get(ORIGIN)
    .intercept({ path, method: 'GET' })
    .reply(status, body, { headers: { 'content-type': contentType } });
}

async function decodeFailure(promise: Promise<unknown>): Promise<ResponseDecodeError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ResponseDecodeError);
  return error as ResponseDecodeError;
}

describe('documented 2xx bodies are decoded as Go does: JSON of the declared top-level type, else a typed error', () => {
  it('truncated JSON on 200 rejects, naming the operation and status', async () => {
    reply('/api/v2/networks', 200, '[{"metadata":{"id":"n1"');
    const error = await decodeFailure(api().networks.list());
    expect(error).toMatchObject({ code: 'ERR_RESPONSE_DECODE', status: 200 });
    expect(error.operation).toBe('listNetworks (GET /api/v2/networks)');
    expect(error.message).toBe(
      'decoding response: listNetworks (GET /api/v2/networks) status 200: expected a JSON array (the body is not JSON), got "[{\\"metadata\\":{\\"id\\":\\"n1\\""',
    );
  });

  it('an HTML login page on 200 rejects, quoting only a short escaped prefix of the body', async () => {
    const page = `<html>\n<body>${'login '.repeat(10_000)}</body></html>`;
    reply('/api/v2/networks', 200, page, 'text/html');
    const error = await decodeFailure(api().networks.list());
    expect(error.message).toContain('expected a JSON array (the body is not JSON)');
    expect(error.message).toContain('got "<html>\\n<body>login');
    expect(error.message.length).toBeLessThan(250);
  });

  it('a JSON string where the contract declares an array rejects', async () => {
    reply('/api/v2/networks', 200, '"not a list"');
    const error = await decodeFailure(api().networks.list());
    expect(error.message).toContain('status 200: expected a JSON array, got "\\"not a list\\""');
  });

  it('an empty 200 body where the contract declares an object rejects', async () => {
    reply('/api/v2/networks/n1', 200, '');
    const error = await decodeFailure(api().networks.get({ networkId: 'n1' }));
    expect(error.operation).toBe('getNetwork (GET /api/v2/networks/{networkID})');
    expect(error.expected).toBe('a JSON object (the body is not JSON)');
  });

  it('an array where the contract declares an object rejects', async () => {
    reply('/api/v2/networks/n1', 200, '[]');
    const error = await decodeFailure(api().networks.get({ networkId: 'n1' }));
    expect(error.expected).toBe('a JSON object');
  });

  it('a body of the declared type resolves as data', async () => {
    reply('/api/v2/networks', 200, '[{"metadata":{"id":"n1"}}]');
    await expect(api().networks.list()).resolves.toEqual([{ metadata: { id: 'n1' } }]);
  });
});
