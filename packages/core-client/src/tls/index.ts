/**
 * The client TLS configuration: TLS 1.3, the trusted CAs and the client credential of the configured source, and
 * the `tls.connect()` options built from it.
 */

export * from './tlsClientConfig';
