/**
 * The region client (Go `region/pkg/client`): options with the `--region-*` flag names and a `Client` that
 * builds {@link RegionAPI} clients on identity-client's `BaseClient`.
 */

import { type HTTPOptions, type HTTPOptionsInit, newHTTPOptions } from '@unikorn-cloud/core-client';
import { type ClientBuilder, type RequestSettings, ServiceClient } from '@unikorn-cloud/identity-client';
import type { RegionAPI } from './generated';
import { regionAPI } from './regionAPI';

/** The service name used as flag prefix: `--region-host`, `--region-ca-secret-namespace`, `--region-ca-secret-name`. */
export const REGION_SERVICE = 'region';

/** Region server options (Go `NewOptions()`): host and CA Secret, flag prefix `region`. */
export function newOptions(init?: HTTPOptionsInit): HTTPOptions<typeof REGION_SERVICE> {
  return newHTTPOptions(REGION_SERVICE, init);
}

const defaultBuilder: ClientBuilder<RegionAPI> = (transport) => regionAPI(transport);

/**
 * Region API client factory. Clients built from the same options share one pooled mTLS dispatcher: building a
 * client reads no Secret and opens no connection once the first one exists. `apiClient()` is for request-driven
 * work (the context principal, unsigned), `controllerClient(resource)` for controllers (the resource's principal,
 * signed); `httpClient()` is the shared dispatcher. Both take optional client-wide `signal` / `timeoutMs`; each call
 * takes its own too (`api.networks.list({ signal, timeoutMs })`).
 */
export class Client extends ServiceClient<RegionAPI> {
  protected builder(settings?: RequestSettings): ClientBuilder<RegionAPI> {
    return settings === undefined ? defaultBuilder : (transport) => regionAPI(transport, settings);
  }
}
