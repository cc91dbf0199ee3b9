/**
 * The Workload API address (`SPIFFE_ENDPOINT_SOCKET`): `unix:///path`, `unix:/path` or `tcp://<ip>:<port>`,
 * validated like go-spiffe's `workloadapi` (same error texts) and turned into a gRPC target.
 */

import { isIP } from 'node:net';

/** Environment variable holding the default Workload API address. */
export const SPIFFE_ENDPOINT_SOCKET_ENV = 'SPIFFE_ENDPOINT_SOCKET';

/**
 * The address to use: `explicit` when given, else `SPIFFE_ENDPOINT_SOCKET`.
 *
 * @throws Error `workload endpoint socket address is not configured` when neither is set.
 */
export function workloadEndpointAddress(explicit?: string): string {
  const address = explicit ?? process.env[SPIFFE_ENDPOINT_SOCKET_ENV];
  if (address === undefined) {
    throw new Error('workload endpoint socket address is not configured');
  }
  return address;
}

/**
 * Validates a Workload API address and returns the gRPC target (`unix:///abs/path` or `ip:port`).
 *
 * @throws Error with go-spiffe's text, e.g. `workload endpoint socket URI must have a tcp:// or unix:// scheme`.
 */
export function grpcTarget(address: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(address);
  const name = scheme?.[1].toLowerCase();
  if (!scheme || (name !== 'unix' && name !== 'tcp')) {
    throw new Error('workload endpoint socket URI must have a tcp:// or unix:// scheme');
  }
  const kind = `workload endpoint ${name} socket URI`;
  let rest = scheme[2];
  const fragmentAt = rest.indexOf('#');
  const fragment = fragmentAt === -1 ? '' : rest.slice(fragmentAt + 1);
  rest = fragmentAt === -1 ? rest : rest.slice(0, fragmentAt);
  const queryAt = rest.indexOf('?');
  const query = queryAt === -1 ? '' : rest.slice(queryAt + 1);
  rest = queryAt === -1 ? rest : rest.slice(0, queryAt);

  if (rest !== '' && !rest.startsWith('/')) {
    throw new Error(`${kind} must not be opaque`);
  }
  let authority = '';
  let path = rest;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
    path = slash === -1 ? '' : rest.slice(slash);
  }
  if (authority.includes('@')) {
    throw new Error(`${kind} must not include user info`);
  }

  if (name === 'unix') {
    if (authority === '' && path === '') {
      throw new Error(`${kind} must include a path`);
    }
    if (query !== '') {
      throw new Error(`${kind} must not include query values`);
    }
    if (fragment !== '') {
      throw new Error(`${kind} must not include a fragment`);
    }
    if (authority !== '') {
      // go-spiffe passes `unix://host/path` on and gRPC then refuses the non-empty authority.
      throw new Error(`${kind} must not include a host`);
    }
    return `unix://${path}`;
  }

  if (authority === '') {
    throw new Error(`${kind} must include a host`);
  }
  if (path !== '') {
    throw new Error(`${kind} must not include a path`);
  }
  if (query !== '') {
    throw new Error(`${kind} must not include query values`);
  }
  if (fragment !== '') {
    throw new Error(`${kind} must not include a fragment`);
  }
  const hostPort = /^(?:\[([^\]]*)\]|([^:]*))(?::(\d*))?$/.exec(authority);
  const host = hostPort?.[1] ?? hostPort?.[2] ?? '';
  if (isIP(host) === 0) {
    throw new Error(`${kind} host component must be an IP:port`);
  }
  const port = hostPort?.[3] ?? '';
  if (port === '') {
    throw new Error(`${kind} host component must include a port`);
  }
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
