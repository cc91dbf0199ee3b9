/**
 * Every generated operation sends a request the contract-validating region server accepts: arguments are built
 * from the contract (UUID path IDs, example query values, minimal valid bodies), the calls go through
 * `Client.apiClient()` over mTLS, and the server's call log must show each operationId with `valid: true`.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withPrincipal } from '@unikorn-cloud/identity-client';
import { parse } from 'yaml';
import { RegionAPI } from '../src/generated';
import type { ApiRequestOptions } from '../src/generated/core/ApiRequestOptions';
import { BaseHttpRequest } from '../src/generated/core/BaseHttpRequest';
import { CancelablePromise } from '../src/generated/core/CancelablePromise';
import { CONTRACT_PATH, type RegionEnvironment, startEnvironment, USER } from './support/environment';
import { resolveRef, type Schema, schemaExample } from './support/schemaExample';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface ContractParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema: Schema;
}

interface ContractOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly ContractParameter[];
  /** Schema of the JSON request body, when the operation has one. */
  readonly body: Schema | undefined;
}

const document = parse(readFileSync(CONTRACT_PATH, 'utf8')) as Schema & {
  paths: Record<string, Record<string, Schema>>;
};

const contractOperations: ContractOperation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method] !== undefined).map((method) => {
    const operation = item[method] as Schema;
    const parameters = [
      ...((item.parameters as unknown as Schema[] | undefined) ?? []),
      ...((operation.parameters as Schema[] | undefined) ?? []),
    ].map((parameter) => resolveRef(document, parameter) as unknown as ContractParameter);
    const requestBody =
      operation.requestBody === undefined ? undefined : resolveRef(document, operation.requestBody as Schema);
    const content = requestBody?.content as Record<string, { schema: Schema }> | undefined;
    return {
      operationId: operation.operationId as string,
      method: method.toUpperCase(),
      path,
      parameters,
      body: content?.['application/json']?.schema,
    };
  }),
);

/** What a generated method does with each of its positional arguments, learnt by calling it with markers. */
interface GeneratedOperation {
  readonly service: string;
  readonly name: string;
  readonly method: string;
  readonly url: string;
  /** Per argument: where the generated code put it. */
  readonly slots: readonly { readonly in: 'path' | 'query' | 'header' | 'body'; readonly name: string }[];
}

const marker = (index: number) => `\u0000argument-${index}`;

function probeGeneratedOperations(): GeneratedOperation[] {
  const seen: ApiRequestOptions[] = [];
  class ProbeRequest extends BaseHttpRequest {
    override request<T>(options: ApiRequestOptions): CancelablePromise<T> {
      seen.push(options);
      return new CancelablePromise<T>((resolve) => resolve(undefined as T));
    }
  }
  const api = new RegionAPI({ BASE: '' }, ProbeRequest);
  const operations: GeneratedOperation[] = [];
  for (const [service, instance] of Object.entries(api)) {
    if (service === 'request') continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = prototype[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      const args = Array.from({ length: method.length }, (_, index) => marker(index));
      seen.length = 0;
      void (method as (...values: unknown[]) => unknown).apply(instance, args);
      const [options] = seen;
      if (options === undefined) throw new Error(`${service}.${name} sent no request`);
      const slots = args.map((value) => {
        for (const place of ['path', 'query', 'headers'] as const) {
          const found = Object.entries(options[place] ?? {}).find(([, given]) => given === value);
          if (found) return { in: place === 'headers' ? ('header' as const) : place, name: found[0] };
        }
        if (options.body === value) return { in: 'body' as const, name: 'requestBody' };
        throw new Error(`${service}.${name}: argument ${value} is not used`);
      });
      operations.push({ service, name, method: options.method, url: options.url, slots });
    }
  }
  return operations;
}

const generatedOperations = probeGeneratedOperations();

/** The argument values for one generated method, built from its contract operation. */
function argumentsFor(generated: GeneratedOperation, operation: ContractOperation): unknown[] {
  return generated.slots.map((slot) => {
    if (slot.in === 'body') {
      if (operation.body === undefined) throw new Error(`${operation.operationId} has a body argument but no schema`);
      return schemaExample(document, operation.body, `${operation.operationId} body`);
    }
    const parameter = operation.parameters.find(
      (candidate) => candidate.in === slot.in && candidate.name === slot.name,
    );
    if (parameter === undefined) throw new Error(`${operation.operationId}: no ${slot.in} parameter ${slot.name}`);
    if (slot.in === 'path' && parameter.name === 'reference')
      return 'computeclusters.compute.unikorn-cloud.org/example';
    // Query parameters are sent too (arrays with one item) so their serialisation is validated as well.
    return schemaExample(document, parameter.schema, `${operation.operationId} ${slot.in} ${slot.name}`, 1);
  });
}

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
    const api = await env.client().apiClient();
    const accepted = new Set<string>();
    const rejected: string[] = [];
    for (const operation of contractOperations) {
      const generated = generatedOperations.find(
        (candidate) => candidate.method === operation.method && candidate.url === operation.path,
      );
      if (generated === undefined) continue; // reported by the test above
      const args = argumentsFor(generated, operation);
      const service = (api as unknown as Record<string, Record<string, (...values: unknown[]) => Promise<unknown>>>)[
        generated.service
      ];
      const from = env.server.calls.length;
      // Handlers may answer 501 (not implemented by the test server) or 404: the client then rejects; that's fine.
      await withPrincipal(USER, () => service[generated.name](...args)).catch(() => undefined);
      const calls = env.server.calls.slice(from).filter((call) => call.operationId === operation.operationId);
      if (calls.some((call) => call.valid)) accepted.add(operation.operationId);
      else
        rejected.push(
          `${operation.operationId}: ${calls.map((call) => `${call.status} ${call.error ?? ''}`).join(', ') || 'not routed'}`,
        );
    }
    expect(rejected).toEqual([]);
    expect([...accepted].sort()).toEqual(env.server.contract.operationIds.sort());
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
