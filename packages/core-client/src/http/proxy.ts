/**
 * Opt-in HTTP(S) proxy support of the mTLS dispatcher, on undici's own `EnvHttpProxyAgent`: requests to HTTPS
 * origins go through an HTTP CONNECT tunnel to the proxy, and TLS (with the client certificate) runs end to end
 * inside the tunnel, so the proxy sees neither the certificate's key nor the traffic.
 */

import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';

/** Explicit proxy settings; a field left out falls back to the environment variable of the same meaning. */
export interface ProxySettings {
  /** Proxy for `https:` origins (default `HTTPS_PROXY` / `https_proxy`, then the HTTP proxy). */
  httpsProxy?: string;
  /** Proxy for `http:` origins (default `HTTP_PROXY` / `http_proxy`). */
  httpProxy?: string;
  /** Hosts reached directly: comma-separated names, `.suffix`es, `host:port`, or `*` (default `NO_PROXY` / `no_proxy`). */
  noProxy?: string;
}

/**
 * Proxy use of a dispatcher: off unless asked for (`HTTPS_PROXY` is ignored by default, as Go's clients built with
 * their own transport do). `true`: honour `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` from the environment (read when
 * the connection pool is created); settings: as given, the environment for fields left out.
 */
export type ProxyOption = boolean | ProxySettings;

/**
 * The connection pool of one credential epoch: an undici `Agent`, or with a proxy an `EnvHttpProxyAgent` whose
 * tunnelled connections use the same TLS options (`requestTls`) as direct ones.
 */
export function epochPool(options: Agent.Options, proxy: ProxyOption | undefined): Dispatcher {
  if (proxy === undefined || proxy === false) return new Agent(options);
  const settings = proxy === true ? {} : proxy;
  return new EnvHttpProxyAgent({
    ...options,
    ...settings,
    requestTls: options.connect as EnvHttpProxyAgent.Options['requestTls'],
  });
}
