/**
 * Every generated operation sends a request the contract-validating region server accepts: arguments are built
 * from the contract (UUID path IDs, example query values, minimal valid bodies), the calls go through
 * `Client.apiClient()` over mTLS, and the server's call log must show each operationId with `valid: true`.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withPrincipal } from '@unikorn-cloud/identity-client';
import { contractOperations as listContractOperations, type Schema, schemaExample } from '@unikorn-cloud/testkit-api';
import { parse } from 'yaml';
import { RequestParameterError } from '../src';
import { CONTRACT_PATH, type RegionEnvironment, startEnvironment, USER } from './support/environment';
import { probeRegionAPI } from './support/probe';

const document = parse(readFileSync(CONTRACT_PATH, 'utf8')) as Schema;
const contractOperations = listContractOperations(document);
const probed = probeRegionAPI();
const pathValues: Record<string, unknown> = { reference: 'computeclusters.compute.unikorn-cloud.org/example' };

/** Valid options for one operation, from the contract: examples for parameters and a minimal body. */
function optionsFor(operation: (typeof contractOperations)[number]): Record<string, unknown> {
  const entry = probed.find((candidate) => candidate.spec.operationId === operation.operationId);
  if (entry === undefined) throw new Error(`${operation.operationId}: no generated method`);
  const options: Record<string, unknown> = {};
  for (const parameter of [...entry.spec.path, ...entry.spec.query]) {
    const declared = operation.parameters.find((candidate) => candidate.name === parameter.wire);
    if (declared === undefined) throw new Error(`${operation.operationId}: no parameter ${parameter.wire}`);
    options[parameter.name] =
      declared.in === 'path' && parameter.wire in pathValues
        ? pathValues[parameter.wire]
        : schemaExample(document, declared.schema, `${operation.operationId} ${parameter.wire}`, 1);
  }
  if (entry.spec.body !== undefined && operation.body !== undefined) {
    options.body = schemaExample(document, operation.body, `${operation.operationId} body`);
  }
  return options;
}

let env: RegionEnvironment;

beforeAll(async () => {
  env = await startEnvironment();
});

afterAll(async () => {
  await env?.close();
});

describe('generated RegionAPI against the contract-validating region server', () => {
  it('has exactly one generated method per contract operation', () => {
    expect(probed.map((entry) => entry.spec.operationId).sort()).toEqual(
      contractOperations.map((operation) => operation.operationId).sort(),
    );
    expect(new Set(env.server.contract.operationIds)).toEqual(
      new Set(contractOperations.map((operation) => operation.operationId)),
    );
  });

  it('every operation sends at least one request the server validates (calls[].valid)', async () => {
    const api = (await env.client().apiClient()) as unknown as Record<
      string,
      Record<string, (options: object) => Promise<unknown>>
    >;
    const accepted: string[] = [];
    const rejected: string[] = [];
    for (const operation of contractOperations) {
      const entry = probed.find((candidate) => candidate.spec.operationId === operation.operationId);
      if (entry === undefined) continue;
      const from = env.server.calls.length;
      await withPrincipal(USER, () => api[entry.group][entry.method](optionsFor(operation))).catch(() => undefined);
      const calls = env.server.calls.slice(from).filter((call) => call.operationId === operation.operationId);
      if (calls.some((call) => call.valid)) accepted.push(operation.operationId);
      else
        rejected.push(
          `${operation.operationId}: ${calls.map((call) => `${call.status} ${call.error ?? ''}`).join(', ') || 'not routed'}`,
        );
    }
    expect(rejected).toEqual([]);
    expect(accepted.sort()).toEqual(env.server.contract.operationIds.sort());
  });

  it('refuses a missing required path parameter or body with RequestParameterError before sending', async () => {
    const api = await env.client().apiClient();
    const from = env.server.calls.length;
    const missingID = await withPrincipal(USER, () =>
      api.networks.get({} as unknown as Parameters<typeof api.networks.get>[0]),
    ).catch((error: unknown) => error);
    expect(missingID).toBeInstanceOf(RequestParameterError);
    expect(missingID).toMatchObject({ operationId: 'getNetwork', parameter: 'networkID', problem: 'is required' });
    const objectID = await withPrincipal(USER, () =>
      api.networks.get({ networkId: { id: 1 } } as unknown as Parameters<typeof api.networks.get>[0]),
    ).catch((error: unknown) => error);
    expect(objectID).toMatchObject({ parameter: 'networkID', problem: 'must be a non-empty string' });
    const noBody = await withPrincipal(USER, () =>
      api.networks.create({} as unknown as Parameters<typeof api.networks.create>[0]),
    ).catch((error: unknown) => error);
    expect(noBody).toMatchObject({ name: 'RequestParameterError', parameter: 'body' });
    expect(env.server.calls.slice(from)).toEqual([]);
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
      api.networks.create({ body: incomplete as unknown as Parameters<typeof api.networks.create>[0]['body'] }),
    ).catch(() => undefined);
    expect(env.server.calls.slice(from)).toEqual([
      expect.objectContaining({ operationId: 'createNetwork', valid: false, status: 400 }),
    ]);
  });
});
