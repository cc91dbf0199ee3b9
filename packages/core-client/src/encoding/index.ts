/**
 * Decoders with Go's semantics, single-pass and linear in their input, for everything read from a request header
 * or a Secret: base64 (`encoding/base64`), PEM (`encoding/pem`) and X.509 DER structure (`crypto/x509`); and the
 * encoders with Go's semantics: JSON (`encoding/json`) and URL path segments (`url.PathEscape`).
 */

export * from './certificateDER';
export * from './goBase64';
export * from './goJson';
export * from './goPem';
export * from './goQueryEscape';
export * from './pathEscape';
