/** A plain object shaped like a Kubernetes `v1.Secret` (what the API server stores and returns). */
export interface SecretObject {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  type: string;
  /** Base64-encoded values. */
  data: Record<string, string>;
}

/** PEM material for {@link tlsSecret}; an {@link IssuedCertificate} fits as is. */
export interface TLSSecretMaterial {
  /** Stored base64-encoded under `tls.crt`. */
  readonly certificatePem: string;
  /** Stored base64-encoded under `tls.key` when given. */
  readonly privateKeyPem?: string;
  /** Stored base64-encoded under `ca.crt` when given. */
  readonly caPem?: string;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Builds a Secret like cert-manager writes: `data['tls.crt']` (and `tls.key`, `ca.crt` when given) base64-encoded.
 * Pass `type` to build a wrongly typed secret (for example `'Opaque'`).
 */
export function tlsSecret(
  namespace: string,
  name: string,
  material: TLSSecretMaterial,
  type = 'kubernetes.io/tls',
): SecretObject {
  const data: Record<string, string> = { 'tls.crt': base64(material.certificatePem) };
  if (material.privateKeyPem !== undefined) data['tls.key'] = base64(material.privateKeyPem);
  if (material.caPem !== undefined) data['ca.crt'] = base64(material.caPem);
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type, data };
}
