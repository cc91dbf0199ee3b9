/**
 * The identity service's Client (Go `identity/pkg/client`): `newOptions()` with the `--identity-*` flags, and
 * `apiClient()` / `controllerClient(resource)` returning the generated IdentityAPI over mTLS, against the
 * contract-validating identity server.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APIError } from '@unikorn-cloud/core-client';
import { callEveryOperation, probeGeneratedOperations, type Schema } from '@unikorn-cloud/testkit-api';
import { parse } from 'yaml';
import { withPrincipal } from '../../src/context';
import { IdentityAPI } from '../../src/generated';
import { BaseHttpRequest } from '../../src/generated/core/BaseHttpRequest';
import { CancelablePromise } from '../../src/generated/core/CancelablePromise';
import { Client, IDENTITY_SERVICE, newOptions } from '../../src/identity/client';
import { parseOrganizationID, parseProjectID } from '../../src/identity/ids';
import {
  CA_SECRET,
  CLIENT_COMMON_NAME,
  CLIENT_SECRET,
  CONTRACT_PATH,
  CREATOR,
  type IdentityEnvironment,
  NAMESPACE,
  ORGANIZATION,
  PROJECT,
  rejection,
  resource,
  startIdentityEnvironment,
} from './support/identityEnvironment';

const USER = { organizationId: ORGANIZATION, projectId: PROJECT, type: 'user' as const, actor: CREATOR };

let env: IdentityEnvironment;

beforeAll(async () => {
  env = await startIdentityEnvironment();
});

afterAll(async () => {
  await env?.close();
});

describe('newOptions (Go identity NewOptions)', () => {
  it('uses the service prefix identity: --identity-host, --identity-ca-secret-namespace, --identity-ca-secret-name', () => {
    const options = newOptions().parseFlags([
      '--identity-host=https://identity.example.com',
      '--identity-ca-secret-namespace',
      'unikorn-identity',
      '--identity-ca-secret-name=identity-ca',
      '--region-host=https://region.example.com',
    ]);
    expect(IDENTITY_SERVICE).toBe('identity');
    expect(options.flagNames()).toEqual({
      host: '--identity-host',
      caSecretNamespace: '--identity-ca-secret-namespace',
      caSecretName: '--identity-ca-secret-name',
    });
    expect(options).toMatchObject({
      host: 'https://identity.example.com',
      caSecretNamespace: 'unikorn-identity',
      caSecretName: 'identity-ca',
    });
  });

  it('defaults every flag to ""', () => {
    expect(newOptions()).toMatchObject({ host: '', caSecretNamespace: '', caSecretName: '' });
  });
});

describe('Client', () => {
  it('construction reads nothing; the first client reads each Secret once and the dispatcher is shared', async () => {
    env.kubernetes.clearRequests();
    const client = env.client();
    expect(env.kubernetes.requests).toHaveLength(0);
    await client.apiClient();
    await env.client().controllerClient(resource('network', 'n1'));
    expect(env.kubernetes.reads(NAMESPACE, CA_SECRET)).toBe(1);
    expect(env.kubernetes.reads(NAMESPACE, CLIENT_SECRET)).toBe(1);
  });

  it('apiClient() sends the context principal unsigned over mTLS', async () => {
    const api = await env.client().apiClient();
    const project = await withPrincipal(USER, () =>
      api.projects.getProject(parseOrganizationID(ORGANIZATION), parseProjectID(PROJECT)),
    );
    expect(project.metadata).toMatchObject({ id: PROJECT, organizationId: ORGANIZATION, name: 'demo' });
    expect(env.server.calls.at(-1)).toMatchObject({
      operationId: 'getProject',
      valid: true,
      subject: CLIENT_COMMON_NAME,
      signed: false,
      principal: USER,
    });
  });

  it('controllerClient(resource) signs the principal of the resource, read at request time', async () => {
    const network = resource('network', 'n1');
    const api = await env.client().controllerClient(network);
    network.metadata.annotations = { 'unikorn-cloud.org/creator': 'bob@example.com' };
    await api.projects.getProject(parseOrganizationID(ORGANIZATION), parseProjectID(PROJECT));
    expect(env.server.calls.at(-1)).toMatchObject({
      operationId: 'getProject',
      signed: true,
      principal: { organizationId: ORGANIZATION, projectId: PROJECT, actor: 'bob@example.com' },
    });
  });

  it("maps an error status to core's APIError with the server's description", async () => {
    const api = await env.client().apiClient();
    const missing = parseProjectID('3b241101-e2bb-4255-8caf-4136c566a962');
    const error = await rejection(
      withPrincipal(USER, () => api.projects.getProject(parseOrganizationID(ORGANIZATION), missing)),
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 404, errorCode: 'not_found', message: 'resource not found' });
  });

  it('refuses to build without a Kubernetes client (none given, none in context)', async () => {
    const client = new Client(undefined, env.options, env.clientOptions, env.settings);
    await expect(client.apiClient()).rejects.toThrow('context invalid');
  });
});

describe('generated IdentityAPI against the contract-validating identity server', () => {
  const document = parse(readFileSync(CONTRACT_PATH, 'utf8')) as Schema;
  const generated = probeGeneratedOperations({
    Client: IdentityAPI as never,
    BaseHttpRequest,
    CancelablePromise: CancelablePromise as never,
  });

  it('has exactly one generated method per contract operation, named by its operationId', () => {
    expect(generated.map((operation) => operation.name).sort()).toEqual([...env.server.contract.operationIds].sort());
    expect(generated).toHaveLength(51);
  });

  it('every generated identity operation sends a request the server validates (calls[].valid)', async () => {
    const { accepted, rejected } = await callEveryOperation({
      document,
      generated,
      api: await env.client().apiClient(),
      calls: env.server.calls,
      run: (send) => withPrincipal(USER, send),
      pathValues: { reference: 'networks.region.unikorn-cloud.org/example' },
    });
    expect(rejected).toEqual([]);
    expect(accepted).toEqual([...env.server.contract.operationIds].sort());
  });
});
