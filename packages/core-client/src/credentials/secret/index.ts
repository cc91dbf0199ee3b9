/**
 * The `secret` client-certificate source: CA and client certificates from `kubernetes.io/tls` Secrets.
 */

export * from './secrets';
