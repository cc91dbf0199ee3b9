/**
 * Opt-in proxy support: requests tunnel through a local CONNECT proxy with mTLS end to end (the server verifies the
 * client certificate presented inside the tunnel), `HTTPS_PROXY` / `NO_PROXY` are honoured when asked for, and
 * ignored by default.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DispatcherCache, type ProxyOption } from '@unikorn-cloud/core-client';
import { ConnectProxy, type MTLSServer } from '@unikorn-cloud/testkit';
import { BaseClient, type ClientTransport, sendRequest, withPrincipal } from '../src';
import { Environment } from './support/environment';

const principal = { organizationId: 'org-1', actor: 'user@example.com' };
const getter = (transport: ClientTransport) => ({
  get: (path: string) => withPrincipal(principal, () => sendRequest(transport, { method: 'GET', path })),
});

let env: Environment;
let server: MTLSServer;
let proxy: ConnectProxy;
let target: string;
const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };

beforeAll(async () => {
  env = await Environment.start();
  server = await env.server();
  proxy = await ConnectProxy.start();
  await env.clientSecret('service-proxied');
  target = new URL(server.url).host;
});

afterAll(async () => {
  await env.close();
  await proxy.close();
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function call(proxyOption: ProxyOption | undefined, path: string) {
  const cache = new DispatcherCache(proxyOption === undefined ? {} : { proxy: proxyOption });
  const client = new BaseClient(env.kube, env.options(server.url), env.clientOptions('service-proxied'), {
    dispatcherCache: cache,
  });
  try {
    const api = await client.apiClient(getter);
    const before = proxy.tunnels.length;
    const response = await api.get(path);
    return { response, tunnels: proxy.tunnels.slice(before), request: server.requests.at(-1) };
  } finally {
    await client.close();
  }
}

describe('proxy support', () => {
  it('an explicit proxy: one CONNECT to the server, and mTLS end to end through the tunnel', async () => {
    const { response, tunnels, request } = await call({ httpsProxy: proxy.url }, '/explicit');
    expect(response.status).toBe(200);
    expect(tunnels).toEqual([target]);
    expect(request?.rawPath).toBe('/explicit');
    expect(request?.clientCertificate?.commonName).toBe('service-proxied');
    expect(request?.tlsVersion).toBe('TLSv1.3');
  });

  it('`proxy: true` honours HTTPS_PROXY', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    const { tunnels, request } = await call(true, '/from-env');
    expect(tunnels).toEqual([target]);
    expect(request?.clientCertificate?.commonName).toBe('service-proxied');
  });

  it('`proxy: true` honours NO_PROXY: a listed host is reached directly', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = 'localhost,127.0.0.1';
    const { response, tunnels } = await call(true, '/no-proxy');
    expect(response.status).toBe(200);
    expect(tunnels).toEqual([]);
  });

  it('off by default: HTTPS_PROXY is ignored', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    const { response, tunnels } = await call(undefined, '/direct');
    expect(response.status).toBe(200);
    expect(tunnels).toEqual([]);
  });
});
