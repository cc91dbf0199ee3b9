import { KubeConfig } from '@kubernetes/client-node';
import { type CertificateAuthority, FakeKubernetesAPI } from '@unikorn-cloud/testkit';

/** A fake Kubernetes API server and a KubeConfig talking to it over HTTPS. */
export interface KubernetesFixture {
  api: FakeKubernetesAPI;
  kube: KubeConfig;
}

/** Starts the testkit fake API server and loads its kubeconfig the ordinary way. */
export async function startKubernetes(ca?: CertificateAuthority): Promise<KubernetesFixture> {
  const api = await FakeKubernetesAPI.start(ca ? { ca } : {});
  const kube = new KubeConfig();
  kube.loadFromString(api.kubeconfigYaml());
  return { api, kube };
}

/** A controllable clock for reload checks. */
export class ManualClock {
  constructor(public time = Date.UTC(2026, 0, 1)) {}

  readonly now = (): number => this.time;

  advance(ms: number): void {
    this.time += ms;
  }
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
