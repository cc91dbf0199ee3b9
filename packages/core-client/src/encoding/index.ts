/**
 * Decoders with Go's semantics, single-pass and linear in their input, for everything read from a request header
 * or a Secret: base64 (`encoding/base64`), PEM (`encoding/pem`) and X.509 DER structure (`crypto/x509`).
 */

export * from './certificateDER';
export * from './goBase64';
export * from './goPem';
export * from './goQueryEscape';
