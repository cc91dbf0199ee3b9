import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { KubeConfig } from '../../src';

// identity-client has no direct dependency on @kubernetes/client-node: load the copy core-client uses.
async function kubeConfigClass(): Promise<new () => KubeConfig> {
  const require = createRequire(import.meta.url);
  const corePath = require.resolve('@unikorn-cloud/core-client');
  const kubernetesPath = createRequire(corePath).resolve('@kubernetes/client-node');
  const kubernetes = (await import(pathToFileURL(kubernetesPath).href)) as { KubeConfig: new () => KubeConfig };
  return kubernetes.KubeConfig;
}

/** `new KubeConfig(); kc.loadFromString(yaml)`. */
export async function kubeConfigFromYaml(yaml: string): Promise<KubeConfig> {
  const KubeConfigClass = await kubeConfigClass();
  const kube = new KubeConfigClass();
  kube.loadFromString(yaml);
  return kube;
}
