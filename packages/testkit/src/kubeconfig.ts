/** Connection details of a (fake) Kubernetes API server. */
export interface KubeconfigParameters {
  /** `https://127.0.0.1:<port>`. */
  readonly server: string;
  /** PEM of the CA that issued the server certificate. */
  readonly caPem: string;
  /** TLS server name to verify (the certificate's DNS SAN). */
  readonly tlsServerName: string;
  /** Bearer token. */
  readonly token: string;
  /** Namespace of the context. */
  readonly namespace: string;
  /** Name used for the cluster, user and context entries. */
  readonly name: string;
}

/**
 * The plain object `KubeConfig.loadFromOptions()` of `@kubernetes/client-node` accepts; field names follow its
 * `Cluster`, `User` and `Context` types.
 */
export interface KubeconfigOptions {
  clusters: { name: string; server: string; caData: string; tlsServerName: string; skipTLSVerify: boolean }[];
  users: { name: string; token: string }[];
  contexts: { name: string; cluster: string; user: string; namespace: string }[];
  currentContext: string;
}

/** Builds the {@link KubeconfigOptions} object. */
export function buildKubeconfigOptions(p: KubeconfigParameters): KubeconfigOptions {
  return {
    clusters: [
      {
        name: p.name,
        server: p.server,
        caData: Buffer.from(p.caPem).toString('base64'),
        tlsServerName: p.tlsServerName,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: p.name, token: p.token }],
    contexts: [{ name: p.name, cluster: p.name, user: p.name, namespace: p.namespace }],
    currentContext: p.name,
  };
}

/** Builds an ordinary kubeconfig YAML document (strings are written as JSON-compatible double-quoted scalars). */
export function buildKubeconfigYaml(p: KubeconfigParameters): string {
  const q = (text: string) => JSON.stringify(text);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(p.name)}`,
    '  cluster:',
    `    server: ${q(p.server)}`,
    `    certificate-authority-data: ${q(Buffer.from(p.caPem).toString('base64'))}`,
    `    tls-server-name: ${q(p.tlsServerName)}`,
    'users:',
    `- name: ${q(p.name)}`,
    '  user:',
    `    token: ${q(p.token)}`,
    'contexts:',
    `- name: ${q(p.name)}`,
    '  context:',
    `    cluster: ${q(p.name)}`,
    `    user: ${q(p.name)}`,
    `    namespace: ${q(p.namespace)}`,
    `current-context: ${q(p.name)}`,
    'preferences: {}',
    '',
  ].join('\n');
}
