/**
 * One `@kubernetes/client-node` object API per KubeConfig, shared by resource-reference generation (discovery) and
 * the reference manager (get, list, update), so discovery results are cached once per client.
 */

import {
  HttpMethod,
  type KubeConfig,
  KubernetesObjectApi,
  type V1APIResource,
  type V1APIResourceList,
} from '@kubernetes/client-node';

/** client-node's generic object API plus raw discovery of one API version. */
export class KubernetesObjects extends KubernetesObjectApi {
  /** Builds the API for `kube`, with the context's namespace as default (like `KubernetesObjectApi.makeApiClient`). */
  static forConfig(kube: KubeConfig): KubernetesObjects {
    const api = kube.makeApiClient(KubernetesObjects);
    api.setDefaultNamespace(kube);
    return api;
  }

  /** The APIResourceList of one API version (`/api/v1`, `/apis/<group>/<version>`); errors as `ApiException`. */
  async resourceList(apiVersion: string): Promise<V1APIResource[]> {
    const request = this.configuration.baseServer.makeRequestContext(this.apiVersionPath(apiVersion), HttpMethod.GET);
    request.setHeaderParam('Accept', 'application/json, */*;q=0.8');
    const list = (await this.requestPromise(request, 'V1APIResourceList')) as unknown as V1APIResourceList;
    return list.resources ?? [];
  }
}

const apis = new WeakMap<KubeConfig, KubernetesObjects>();

/** The shared {@link KubernetesObjects} of `kube`. */
export function kubernetesObjects(kube: KubeConfig): KubernetesObjects {
  let api = apis.get(kube);
  if (api === undefined) {
    api = KubernetesObjects.forConfig(kube);
    apis.set(kube, api);
  }
  return api;
}
