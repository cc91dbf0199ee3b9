import { types } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import {
  APIError,
  APIStatusError,
  DispatcherCache,
  InvalidContextError,
  newHTTPClientOptions,
  TypeConversionError,
  UnikornError,
  verifyAndDecode,
  withKubernetesClient,
} from '@unikorn-cloud/core-client';
import { principalFromResource } from '@unikorn-cloud/identity-client';
import { MTLSServer, rejection } from '@unikorn-cloud/testkit';
import { newOptions } from '../src/client';
import { InvalidUUIDError, parseNetworkID, parseUUID } from '../src/ids';
import { References, type ReferencesSettings, type ReferencingResource } from '../src/references';
import {
  CA_SECRET,
  CLIENT_COMMON_NAME,
  clusterReference,
  NAMESPACE,
  ORGANIZATION,
  PROJECT,
  REGION,
  type RegionEnvironment,
  refusedPort,
  startEnvironment,
} from './support/environment';

const CANONICAL = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

let env: RegionEnvironment;

beforeAll(async () => {
  env = await startEnvironment();
});

afterAll(async () => {
  await env?.close();
});

/** References on the environment with its own dispatcher cache and Kubernetes client. */
function references(settings: ReferencesSettings = {}): References {
  return new References(undefined, env.options, env.clientOptions, { kube: env.kube, ...env.settings, ...settings });
}

/** A fresh network in the environment's project. */
function newNetwork(name = 'net'): string {
  return env.server.addNetwork({ organizationId: ORGANIZATION, projectId: PROJECT, regionId: REGION, name });
}

describe('References against the region API server', () => {
  it('add twice leaves one reference; remove twice leaves none; all four calls succeed', async () => {
    const networkID = newNetwork('ref-49');
    const client = references();
    await expect(client.addReferenceToNetwork(networkID, env.cluster)).resolves.toBeUndefined();
    await expect(client.addReferenceToNetwork(networkID, env.cluster)).resolves.toBeUndefined();
    expect(env.server.references(networkID)).toEqual([clusterReference(env.cluster.metadata?.name as string)]);
    expect(env.server.references(networkID)).toEqual(['computeclusters.compute.unikorn-cloud.org/cluster-7f3a']);
    await expect(client.removeReferenceFromNetwork(networkID, env.cluster)).resolves.toBeUndefined();
    await expect(client.removeReferenceFromNetwork(networkID, env.cluster)).resolves.toBeUndefined();
    expect(env.server.references(networkID)).toEqual([]);
  });

  it('a non-UUID network ID fails with InvalidUUIDError before any Kubernetes or HTTP call', async () => {
    // A fresh KubeConfig and dispatcher cache: any Secret read, discovery or region request would be visible.
    const kube = new KubeConfig();
    kube.loadFromString(env.kubeconfigYaml);
    const dispatcherCache = new DispatcherCache();
    const client = new References(undefined, env.options, env.clientOptions, { kube, dispatcherCache });
    const kubernetesBefore = env.kubernetes.requests.length;
    const regionBefore = env.server.requests.length;
    const callsBefore = env.server.calls.length;
    try {
      const add = await rejection(client.addReferenceToNetwork('not-a-uuid', env.cluster));
      const remove = await rejection(client.removeReferenceFromNetwork('not-a-uuid', env.cluster));
      for (const error of [add, remove]) {
        expect(error).toBeInstanceOf(InvalidUUIDError);
        expect(error).toBeInstanceOf(UnikornError);
      }
      expect(env.kubernetes.requests.length).toBe(kubernetesBefore);
      expect(env.server.requests.length).toBe(regionBefore);
      expect(env.server.calls.length).toBe(callsBefore);
    } finally {
      await dispatcherCache.close();
    }
  });

  it('the PUT carries the canonical network ID, the doubly escaped reference and no body', async () => {
    const cluster = env.addCluster('abc');
    env.server.addNetwork({
      id: CANONICAL,
      organizationId: ORGANIZATION,
      projectId: PROJECT,
      regionId: REGION,
      name: 'ref-52',
    });
    const from = env.server.requests.length;
    await references().addReferenceToNetwork('F47AC10B-58CC-4372-A567-0E02B2C3D479', cluster);

    const sent = env.server.requests.slice(from);
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request.method).toBe('PUT');
    expect(request.rawPath).toBe(
      '/api/v2/networks/f47ac10b-58cc-4372-a567-0e02b2c3d479/references/computeclusters.compute.unikorn-cloud.org%252Fabc',
    );
    expect(request.body).toBe('');
    expect(request.headers['content-type']).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['x-impersonate']).toBeUndefined();
    expect(request.clientCertificate?.commonName).toBe(CLIENT_COMMON_NAME);

    const token = request.headers['x-principal'];
    expect(typeof token).toBe('string');
    expect((token as string).split('.')).toHaveLength(3);
    const decoded = await verifyAndDecode(token as string, env.clientCertificate.certificatePem);
    expect(decoded).toEqual(principalFromResource(cluster));
    expect(decoded).toEqual({ organizationId: ORGANIZATION, projectId: PROJECT, actor: 'alice@example.com' });

    const call = env.server.calls[env.server.calls.length - 1];
    expect(call).toMatchObject({ operationId: 'addNetworkReference', valid: true, signed: true, status: 201 });
    expect(env.server.references(CANONICAL)).toEqual(['computeclusters.compute.unikorn-cloud.org/abc']);
  });

  it('add 201 → success', async () => {
    const networkID = newNetwork('ref-53-201');
    await expect(references().addReferenceToNetwork(networkID, env.cluster)).resolves.toBeUndefined();
    expect(env.server.calls.at(-1)?.status).toBe(201);
  });

  it('add 200 → APIStatusError (only 201 is success)', async () => {
    const networkID = newNetwork('ref-53-200');
    env.server.override('addNetworkReference', () => ({ status: 200, headers: { 'Cache-Control': 'no-cache' } }));
    try {
      const error = await rejection(references().addReferenceToNetwork(networkID, env.cluster));
      expect(error).toBeInstanceOf(APIStatusError);
      expect((error as Error).message).toBe('api status code unexpected: status code 200 not valid');
      expect(env.server.calls.at(-1)?.status).toBe(200);
    } finally {
      env.server.override('addNetworkReference', undefined);
    }
  });

  it('add 403 JSON → APIError forbidden with the received status', async () => {
    const networkID = newNetwork('ref-53-403');
    env.server.setAuthorizer(() => false);
    try {
      const error = await rejection(references().addReferenceToNetwork(networkID, env.cluster));
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: 403, errorCode: 'forbidden' });
      expect((error as APIError).message).toBe((error as APIError).description);
      expect(env.server.references(networkID)).toEqual([]);
    } finally {
      env.server.setAuthorizer(undefined);
    }
  });

  it('remove 404 → APIError not_found, not success', async () => {
    const error = await rejection(
      references().removeReferenceFromNetwork(CANONICAL.replace('f47', 'a47'), env.cluster),
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 404, errorCode: 'not_found', description: 'resource not found' });
  });

  it('remove 400 → TypeConversionError (400 is not documented for DELETE)', async () => {
    const networkID = newNetwork('ref-53-400');
    env.server.override('removeNetworkReference', (call) => ({
      status: 400,
      headers: { 'Content-Type': 'application/json' },
      body: { error: 'invalid_request', error_description: 'nope', trace_id: call.traceId },
    }));
    try {
      const error = await rejection(references().removeReferenceFromNetwork(networkID, env.cluster));
      expect(error).toBeInstanceOf(TypeConversionError);
      expect((error as Error).message).toBe('type conversion error: error field JSON400 not defined');
    } finally {
      env.server.override('removeNetworkReference', undefined);
    }
  });
});

describe('References: one test per response outcome', () => {
  it('201 on add resolves and stores the reference', async () => {
    const networkID = newNetwork('out-201');
    await references().addReferenceToNetwork(networkID, env.cluster);
    expect(env.server.references(networkID)).toEqual([clusterReference('cluster-7f3a')]);
  });

  it('200 on add rejects with APIStatusError', async () => {
    const networkID = newNetwork('out-200');
    env.server.override('addNetworkReference', () => ({ status: 200 }));
    try {
      await expect(references().addReferenceToNetwork(networkID, env.cluster)).rejects.toBeInstanceOf(APIStatusError);
    } finally {
      env.server.override('addNetworkReference', undefined);
    }
  });

  it('204 on remove resolves and drops the reference', async () => {
    const networkID = env.server.addNetwork({
      organizationId: ORGANIZATION,
      projectId: PROJECT,
      regionId: REGION,
      name: 'out-204',
      references: [clusterReference('cluster-7f3a'), 'other.example.org/x'],
    });
    await references().removeReferenceFromNetwork(networkID, env.cluster);
    expect(env.server.calls.at(-1)?.status).toBe(204);
    expect(env.server.references(networkID)).toEqual(['other.example.org/x']);
  });

  it('204 on add (a success status, but not 201) rejects with APIStatusError', async () => {
    const networkID = newNetwork('out-204-add');
    env.server.override('addNetworkReference', () => ({ status: 204 }));
    try {
      const error = await rejection(references().addReferenceToNetwork(networkID, env.cluster));
      expect(error).toBeInstanceOf(APIStatusError);
      expect((error as Error).message).toBe('api status code unexpected: status code 204 not valid');
    } finally {
      env.server.override('addNetworkReference', undefined);
    }
  });

  it('403 on remove rejects with APIError forbidden and keeps the reference', async () => {
    const networkID = env.server.addNetwork({
      organizationId: ORGANIZATION,
      projectId: PROJECT,
      regionId: REGION,
      name: 'out-403',
      references: [clusterReference('cluster-7f3a')],
    });
    env.server.setAuthorizer((call) => call.operationId !== 'removeNetworkReference');
    try {
      const error = await rejection(references().removeReferenceFromNetwork(networkID, env.cluster));
      expect(error).toMatchObject({ name: 'APIError', status: 403, errorCode: 'forbidden' });
      expect(env.server.references(networkID)).toEqual([clusterReference('cluster-7f3a')]);
    } finally {
      env.server.setAuthorizer(undefined);
    }
  });

  it('404 on add (unknown network) rejects with APIError not_found', async () => {
    const error = await rejection(
      references().addReferenceToNetwork('00000000-0000-4000-8000-000000000404', env.cluster),
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 404, errorCode: 'not_found' });
  });

  it('400 on add (network being deleted) rejects with APIError invalid_request', async () => {
    const networkID = newNetwork('out-400');
    env.server.markDeleting(networkID);
    const error = await rejection(references().addReferenceToNetwork(networkID, env.cluster));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 400,
      errorCode: 'invalid_request',
      description: 'unable to add reference, resource is being deleted',
    });
    expect(env.server.references(networkID)).toEqual([]);
  });

  it('a transport error (port refused) rejects with the raw transport error, not a UnikornError', async () => {
    const options = newOptions({
      host: `https://127.0.0.1:${await refusedPort()}`,
      caSecretNamespace: NAMESPACE,
      caSecretName: CA_SECRET,
    });
    const client = new References(undefined, options, env.clientOptions, { kube: env.kube, ...env.settings });
    const error = await rejection(client.addReferenceToNetwork(newNetwork('out-refused'), env.cluster));
    // Node's socket errors come from outside jest's VM realm: check them with util.types, not instanceof Error.
    expect(types.isNativeError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(UnikornError);
    expect((error as { code?: unknown }).code).toBe('ECONNREFUSED');
  });

  it('a transport error (server closes the connection mid-request) rejects with the raw transport error', async () => {
    const stalled = await MTLSServer.start({
      ca: env.ca,
      certificate: await env.ca.issueServer(),
      handler: () => new Promise<never>(() => {}),
    });
    const options = newOptions({ host: stalled.url, caSecretNamespace: NAMESPACE, caSecretName: CA_SECRET });
    const client = new References(undefined, options, env.clientOptions, { kube: env.kube, ...env.settings });
    const pending = rejection(client.addReferenceToNetwork(newNetwork('out-closed'), env.cluster));
    while (stalled.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await stalled.close();
    const error = await pending;
    expect(types.isNativeError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(UnikornError);
    expect(stalled.requests[0]?.method).toBe('PUT');
  });
});

describe('References: the Kubernetes client', () => {
  it('is taken from context (withKubernetesClient) when not given', async () => {
    const networkID = newNetwork('ctx');
    const client = new References(undefined, env.options, env.clientOptions, env.settings);
    await withKubernetesClient(env.kube, () => client.addReferenceToNetwork(networkID, env.cluster));
    expect(env.server.references(networkID)).toEqual([clusterReference('cluster-7f3a')]);
  });

  it('missing from both settings and context → InvalidContextError "context invalid", nothing sent', async () => {
    const networkID = newNetwork('no-ctx');
    const from = env.server.requests.length;
    const client = new References(undefined, env.options, env.clientOptions, env.settings);
    const error = await rejection(client.addReferenceToNetwork(networkID, env.cluster));
    expect(error).toBeInstanceOf(InvalidContextError);
    expect((error as Error).message).toBe('context invalid');
    expect(env.server.requests.length).toBe(from);
  });

  it('a resource without labels fails with a ConsistencyError before anything is sent', async () => {
    const networkID = newNetwork('no-labels');
    const from = env.server.requests.length;
    const unlabelled: ReferencingResource = {
      ...env.cluster,
      metadata: { ...env.cluster.metadata, labels: undefined },
    };
    const error = await rejection(references().addReferenceToNetwork(networkID, unlabelled));
    expect((error as Error).message).toBe('consistency error: labels missing from resource');
    expect(env.server.requests.length).toBe(from);
  });

  it('reads the client certificate Secret it is configured with (wrong name → Kubernetes error passed through)', async () => {
    const dispatcherCache = new DispatcherCache();
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NAMESPACE, certificateName: 'missing' });
    try {
      const client = new References(undefined, env.options, clientOptions, { kube: env.kube, dispatcherCache });
      const error = await rejection(client.addReferenceToNetwork(newNetwork('no-secret'), env.cluster));
      expect(error).not.toBeInstanceOf(UnikornError);
      expect((error as { code?: unknown }).code).toBe(404);
    } finally {
      await dispatcherCache.close();
    }
  });
});

describe('References: a warm helper', () => {
  /** A helper whose last mutator records, synchronously, every request it is about to send. */
  function recording() {
    const seen: string[] = [];
    const client = references({
      mutators: {
        last: [
          (request) => {
            seen.push(`${request.method} ${request.url.pathname}`);
          },
        ],
      },
    });
    return { client, seen };
  }

  it('prepares and sends in the calling turn once the dispatcher and the kind are known', async () => {
    const networkID = newNetwork('warm');
    const { client, seen } = recording();
    await client.addReferenceToNetwork(networkID, env.cluster); // cold: Secrets, handshake, discovery
    seen.length = 0;
    const adding = client.addReferenceToNetwork(networkID, env.cluster);
    // No promise of ours between the call and the mutator chain: the request is on its way before this line.
    expect(seen).toEqual([
      `PUT /api/v2/networks/${networkID}/references/computeclusters.compute.unikorn-cloud.org%252Fcluster-7f3a`,
    ]);
    await expect(adding).resolves.toBeUndefined();
    const removing = client.removeReferenceFromNetwork(networkID, env.cluster);
    expect(seen).toHaveLength(2);
    await expect(removing).resolves.toBeUndefined();
    expect(env.server.references(networkID)).toEqual([]);
  });

  it('a cold helper still waits for the dispatcher and discovery before its first request', async () => {
    const dispatcherCache = new DispatcherCache();
    const kube = new KubeConfig();
    kube.loadFromString(env.kubeconfigYaml); // its own discovery cache
    const seen: string[] = [];
    const client = new References(undefined, env.options, env.clientOptions, {
      kube,
      dispatcherCache,
      mutators: { last: [(request) => void seen.push(request.method)] },
    });
    try {
      const adding = client.addReferenceToNetwork(newNetwork('cold'), env.cluster);
      expect(seen).toEqual([]);
      await expect(adding).resolves.toBeUndefined();
      expect(seen).toEqual(['PUT']);
    } finally {
      await dispatcherCache.close();
    }
  });

  it('warm, an unlabelled resource or an unknown kind still rejects (never throws), before anything is sent', async () => {
    const networkID = newNetwork('warm-errors');
    const client = references();
    await client.addReferenceToNetwork(networkID, env.cluster);
    const from = env.server.requests.length;
    const unlabelled: ReferencingResource = {
      ...env.cluster,
      metadata: { ...env.cluster.metadata, labels: undefined },
    };
    let pending: Promise<void> | undefined;
    expect(() => {
      pending = client.addReferenceToNetwork(networkID, unlabelled);
    }).not.toThrow();
    await expect(pending).rejects.toThrow('consistency error: labels missing from resource');
    const gadget: ReferencingResource = { ...env.cluster, kind: 'Gadget' };
    await expect(client.addReferenceToNetwork(networkID, gadget)).rejects.toThrow(
      'consistency error: no matches for kind "Gadget" in version "compute.unikorn-cloud.org/v1alpha1"',
    );
    expect(env.server.requests.length).toBe(from);
  });

  it('after its dispatcher cache closed, the next call waits for a new dispatcher instead of sending at once', async () => {
    const dispatcherCache = new DispatcherCache();
    const seen: string[] = [];
    const client = references({ dispatcherCache, mutators: { last: [(request) => void seen.push(request.method)] } });
    const networkID = newNetwork('closed');
    try {
      await client.addReferenceToNetwork(networkID, env.cluster);
      await dispatcherCache.close();
      seen.length = 0;
      const removing = client.removeReferenceFromNetwork(networkID, env.cluster);
      expect(seen).toEqual([]);
      await expect(removing).resolves.toBeUndefined();
      expect(seen).toEqual(['DELETE']);
      expect(env.server.references(networkID)).toEqual([]);
    } finally {
      await dispatcherCache.close();
    }
  });
});

describe('region IDs are UUIDs', () => {
  it.each([
    'not-a-uuid',
    '',
    'f47ac10b-58cc-4372-a567-0e02b2c3d47',
    'f47ac10b-58cc-4372-a567-0e02b2c3d479a',
    'g47ac10b-58cc-4372-a567-0e02b2c3d479',
    'f47ac10b_58cc_4372_a567_0e02b2c3d479',
    '{f47ac10b-58cc-4372-a567-0e02b2c3d479',
    'urn:uid:f47ac10b-58cc-4372-a567-0e02b2c3d479',
    'f47ac10b58cc4372a5670e02b2c3d47z',
  ])('rejects %j with InvalidUUIDError (parseUUID and parseNetworkID)', (text) => {
    expect(() => parseUUID(text)).toThrow(InvalidUUIDError);
    expect(() => parseNetworkID(text)).toThrow(InvalidUUIDError);
  });

  it('rejects not-a-uuid with Go uuid.Parse text', () => {
    expect(() => parseUUID('not-a-uuid')).toThrow('invalid UUID length: 10');
  });

  it('round-trips the canonical form unchanged', () => {
    expect(parseUUID(CANONICAL)).toBe(CANONICAL);
    expect(parseNetworkID(CANONICAL)).toBe(CANONICAL);
  });

  it.each([
    'F47AC10B-58CC-4372-A567-0E02B2C3D479',
    '{f47ac10b-58cc-4372-a567-0e02b2c3d479}',
    '{F47AC10B-58CC-4372-A567-0E02B2C3D479}',
    'urn:uuid:f47ac10b-58cc-4372-a567-0e02b2c3d479',
    'URN:UUID:F47AC10B-58CC-4372-A567-0E02B2C3D479',
    'f47ac10b58cc4372a5670e02b2c3d479',
    'F47AC10B58CC4372A5670E02B2C3D479',
    // Go never checks the two bytes around the 38-byte form.
    'Xf47ac10b-58cc-4372-a567-0e02b2c3d479Y',
  ])('normalises %j to canonical lower case', (text) => {
    expect(parseUUID(text)).toBe(CANONICAL);
    expect(parseNetworkID(text)).toBe(CANONICAL);
  });
});
