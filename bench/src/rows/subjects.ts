/**
 * The operations compared: a minimal identity builder, the bare undici baseline, and the principal / resource
 * every subject acts for.
 */

import type { KeyObject } from 'node:crypto';
import { signCompact } from '@unikorn-cloud/core-client';
import {
  type ClientTransport,
  normalizePrincipal,
  type Principal,
  principalFromResource,
  sendRequest,
} from '@unikorn-cloud/identity-client';
import { type Dispatcher, request } from 'undici';
import type { Fixtures } from '../fixtures.ts';
import type { LastRequest } from '../server/protocol.ts';

/** The path every list call uses (region v2 `listNetworks`). */
export const listPath = '/api/v2/networks';

/** The principal of the API rows (set once per lane with `withPrincipal`). */
export const apiPrincipal: Principal = {
  organizationId: '0b9a4ef4-5d49-4b3c-a8f1-5b1c2f1d9a01',
  projectId: '6f1d2e3c-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
  actor: 'alice@example.com',
};

/** A persisted resource of a controller, labelled like Unikorn resources (its principal is signed). */
export function controllerResource(name: string) {
  return {
    apiVersion: 'compute.unikorn-cloud.org/v1alpha1',
    kind: 'ComputeCluster',
    metadata: {
      name,
      namespace: 'unikorn',
      labels: {
        'unikorn-cloud.org/organization': apiPrincipal.organizationId ?? '',
        'unikorn-cloud.org/project': apiPrincipal.projectId ?? '',
      },
      annotations: { 'unikorn-cloud.org/creator': 'controller@example.com' },
    },
  };
}

/** The minimal identity builder of the README: one GET of the network list, 200 expected. */
export function listBuilder(transport: ClientTransport) {
  return {
    async listNetworks(): Promise<unknown> {
      const response = await sendRequest(transport, { method: 'GET', path: listPath });
      if (response.status !== 200) throw new Error(`listNetworks: status ${response.status}`);
      return response.body;
    },
  };
}

/**
 * The baseline: `undici.request` GET through `dispatcher`, status checked, JSON body read. With `headers`, it sends
 * those constant (precomputed) header values too.
 */
export function bareList(
  url: string,
  dispatcher: Dispatcher,
  headers?: Readonly<Record<string, string>>,
): () => Promise<unknown> {
  const target = `${url}${listPath}`;
  const options = headers === undefined ? { dispatcher } : { dispatcher, headers };
  return async () => {
    const response = await request(target, options);
    if (response.statusCode !== 200) throw new Error(`bare list: status ${response.statusCode}`);
    return response.body.json();
  };
}

/** The value of a header of a recorded request (case-insensitive), or undefined. */
export function headerOf(recorded: LastRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  return recorded.rawHeaders.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** The given headers of a recorded request, as constant values for a same-bytes baseline. */
export function recordedHeaders(recorded: LastRequest, names: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = headerOf(recorded, name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/**
 * The baseline of the reference rows: for each lane, a PUT (201) and a DELETE (204) of the lane's reference path with
 * a precomputed signed X-Principal. `paths[lane]` is the reference URL with the reference already escaped twice.
 */
export function bareReferenceRoundTrip(
  paths: readonly string[],
  token: string,
  dispatcher: Dispatcher,
): (lane: number) => Promise<void> {
  const headers = { 'X-Principal': token };
  return async (lane) => {
    const added = await request(paths[lane], { method: 'PUT', headers, dispatcher });
    await added.body.dump();
    if (added.statusCode !== 201) throw new Error(`bare PUT reference: status ${added.statusCode}`);
    const removed = await request(paths[lane], { method: 'DELETE', headers, dispatcher });
    await removed.body.dump();
    if (removed.statusCode !== 204) throw new Error(`bare DELETE reference: status ${removed.statusCode}`);
  };
}

/** Signs the principal of `resource` as a controller client would (compact JWS with the client key). */
export function signedResourcePrincipal(resource: Parameters<typeof principalFromResource>[0], key: KeyObject) {
  return signCompact(normalizePrincipal(principalFromResource(resource)), key);
}

/** The kind of {@link controllerResource}, served by the fake Kubernetes API for the resource references. */
export const controllerKind = {
  group: 'compute.unikorn-cloud.org',
  version: 'v1alpha1',
  kind: 'ComputeCluster',
  plural: 'computeclusters',
} as const;

/**
 * The set-up of the network reference subjects: registers {@link controllerKind} with the fake Kubernetes API and
 * returns the network the references are added to: created on the RegionAPIServer for the principal's project
 * when `onRegionServer` (and that server runs), else a fixed ID (the cheap server answers any).
 */
export async function referencedNetwork(fixtures: Fixtures, name: string, onRegionServer = true): Promise<string> {
  fixtures.kubernetes.registerResource(controllerKind);
  if (!onRegionServer || fixtures.server.regionUrl === undefined) return '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
  return fixtures.server.addNetwork({
    organizationId: apiPrincipal.organizationId ?? '',
    projectId: apiPrincipal.projectId ?? '',
    regionId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    name,
  });
}
