import { KubeConfig } from '@kubernetes/client-node';

/** `new KubeConfig(); kc.loadFromString(yaml)`. */
export async function kubeConfigFromYaml(yaml: string): Promise<KubeConfig> {
  const kube = new KubeConfig();
  kube.loadFromString(yaml);
  return kube;
}
