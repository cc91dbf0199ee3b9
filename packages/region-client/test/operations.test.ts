/**
 * Every generated operation sends a request the contract-validating region server accepts: arguments are built
 * from the contract (UUID path IDs, example query values, minimal valid bodies), the calls go through
 * `Client.apiClient()` over mTLS, and the server's call log must show each operationId with `valid: true`.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withPrincipal } from '@unikorn-cloud/identity-client';
import {
  callEveryOperation,
  contractOperations as listContractOperations,
  probeGeneratedOperations,
  type Schema,
  schemaExample,
} from '@unikorn-cloud/testkit-api';
import { parse } from 'yaml';
import { RegionAPI } from '../src/generated';
import { BaseHttpRequest } from '../src/generated/core/BaseHttpRequest';
import { CancelablePromise } from '../src/generated/core/CancelablePromise';
import { CONTRACT_PATH, type RegionEnvironment, startEnvironment, USER } from './support/environment';

const document = parse(readFileSync(CONTRACT_PATH, 'utf8')) as Schema;
const contractOperations = listContractOperations(document);
const generatedOperations = probeGeneratedOperations({
  Client: RegionAPI as never,
  BaseHttpRequest,
  CancelablePromise: CancelablePromise as never,
});

let env: RegionEnvironment;

beforeAll(async () => {
  env = await startEnvironment();
});

afterAll(async () => {
  await env?.close();
});

describe('generated RegionAPI against the contract-validating region server', () => {
  it('has exactly one generated method per contract operation, named by its operationId', () => {
    const byRoute = new Map(
      generatedOperations.map((operation) => [`${operation.method} ${operation.url}`, operation]),
    );
    const unmatched = contractOperations.filter((operation) => !byRoute.has(`${operation.method} ${operation.path}`));
    expect(unmatched.map((operation) => operation.operationId)).toEqual([]);
    for (const operation of contractOperations) {
      expect(byRoute.get(`${operation.method} ${operation.path}`)?.name).toBe(operation.operationId);
    }
    expect(generatedOperations).toHaveLength(contractOperations.length);
    expect(new Set(env.server.contract.operationIds)).toEqual(
      new Set(contractOperations.map((operation) => operation.operationId)),
    );
  });

  it('every operation sends at least one request the server validates (calls[].valid)', async () => {
    const { accepted, rejected } = await callEveryOperation({
      document,
      generated: generatedOperations,
      api: await env.client().apiClient(),
      calls: env.server.calls,
      run: (send) => withPrincipal(USER, send),
      pathValues: { reference: 'computeclusters.compute.unikorn-cloud.org/example' },
    });
    expect(rejected).toEqual([]);
    expect(accepted).toEqual(env.server.contract.operationIds.sort());
  });
});

describe('schemaExample', () => {
  it('builds bodies the contract itself rejects when a required property is dropped (the check can fail)', async () => {
    const operation = contractOperations.find((candidate) => candidate.operationId === 'createNetwork');
    if (operation?.body === undefined) throw new Error('createNetwork has no body schema');
    const body = schemaExample(document, operation.body, 'createNetwork body') as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['metadata', 'spec']));
    const api = await env.client().apiClient();
    const from = env.server.calls.length;
    const { spec: _dropped, ...incomplete } = body;
    await withPrincipal(USER, () =>
      api.networks.createNetwork(incomplete as unknown as Parameters<typeof api.networks.createNetwork>[0]),
    ).catch(() => undefined);
    expect(env.server.calls.slice(from)).toEqual([
      expect.objectContaining({ operationId: 'createNetwork', valid: false, status: 400 }),
    ]);
  });
});
