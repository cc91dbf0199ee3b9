import { describe, expect, it } from '@jest/globals';
import { consumerProject, runTsc } from './support/consumer';

// A TypeScript consumer of the packed tarballs (not workspace links), type-checked with skipLibCheck off under
// every module setting users have: node16 and nodenext from CommonJS and from ESM, and bundler. No DOM lib.

const body = `
import {
  APIError,
  DispatcherCache,
  type HTTPOptions,
  newHTTPClientOptions,
  ResourceNotFoundError,
  WorkloadAPIClient,
  GrpcDependencyError,
} from '@unikorn-cloud/core-client';
import {
  apiMutators,
  type Principal,
  principalFromContext,
  sendRequest,
  withPrincipal,
} from '@unikorn-cloud/identity-client';
import { Client, InvalidUUIDError, newOptions, References } from '@unikorn-cloud/region-client';

const options: HTTPOptions<'region'> = newOptions();
const clientOptions = newHTTPClientOptions();
const dispatcherCache = new DispatcherCache();
const client = new Client(kube, options, clientOptions, { dispatcherCache });
const references = new References(undefined, options, clientOptions, { kube, dispatcherCache });

export async function listNetworks(principal: Principal): Promise<number> {
  const api = await client.apiClient({ timeoutMs: 1_000 });
  const networks = await withPrincipal(principal, () => api.networks.list());
  return networks.length;
}

export async function reference(networkID: string, resource: Parameters<References['addReferenceToNetwork']>[1]) {
  await references.addReferenceToNetwork(networkID, resource);
}

export async function raw(): Promise<unknown> {
  const dispatcher = await client.httpClient();
  const response = await sendRequest({ baseUrl: options.host, dispatcher, mutators: apiMutators() }, { method: 'GET', path: '/api/version' });
  return response.body;
}

export const spiffe = (address: string): Promise<WorkloadAPIClient> => WorkloadAPIClient.create(address);
export const who = (): Principal => principalFromContext();
export const classify = (error: unknown): string =>
  error instanceof ResourceNotFoundError ? error.code
    : error instanceof APIError ? String(error.status)
      : error instanceof InvalidUUIDError || error instanceof GrpcDependencyError ? error.message
        : 'other';
`;

/** The consumer source: how a CommonJS file must take KubeConfig's type from the ESM-only client-node differs. */
const source = (commonjs: boolean) =>
  (commonjs
    ? `import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };\ndeclare const kube: KubeConfig;\n`
    : `import { KubeConfig } from '@kubernetes/client-node';\nconst kube = new KubeConfig();\n`) + body;

const tsconfig = (compilerOptions: Record<string, unknown>, file: string) =>
  JSON.stringify({
    compilerOptions: {
      target: 'es2022',
      lib: ['es2023'],
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      ...compilerOptions,
    },
    files: [file],
  });

const VARIANTS = [
  { name: 'node16, CommonJS', module: 'node16', file: 'consumer.cts' },
  { name: 'node16, ESM', module: 'node16', file: 'consumer.mts' },
  { name: 'nodenext, CommonJS', module: 'nodenext', file: 'consumer.cts' },
  { name: 'nodenext, ESM', module: 'nodenext', file: 'consumer.mts' },
  { name: 'bundler', module: 'esnext', moduleResolution: 'bundler', file: 'consumer.ts' },
];

const project = consumerProject('types', {
  'package.json': '{ "private": true }\n',
  'consumer.cts': source(true),
  'consumer.mts': source(false),
  'consumer.ts': source(false),
  ...Object.fromEntries(
    VARIANTS.map(({ name, module, moduleResolution, file }) => [
      `tsconfig.${name.replace(/\W+/g, '-')}.json`,
      tsconfig({ module, moduleResolution: moduleResolution ?? module }, file),
    ]),
  ),
  'broken.mts': `import { newOptions } from '@unikorn-cloud/region-client';\nexport const n: number = newOptions();\n`,
  'tsconfig.broken.json': tsconfig({ module: 'node16', moduleResolution: 'node16' }, 'broken.mts'),
});

describe('the packed declarations type-check for consumers (skipLibCheck off)', () => {
  it.each(VARIANTS)('$name', ({ name }) => {
    const result = runTsc(project, `tsconfig.${name.replace(/\W+/g, '-')}.json`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the check can fail: a consumer with a type error is reported', () => {
    const result = runTsc(project, 'tsconfig.broken.json');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(
      "broken.mts(2,14): error TS2322: Type 'HTTPOptions<\"region\">' is not assignable to type 'number'.",
    );
  });
});
