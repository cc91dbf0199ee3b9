/**
 * Error classes mirroring the Go `core/pkg/errors` sentinels. Each class carries the Go sentinel text
 * as its message prefix (`"<sentinel>: <detail>"`) and a stable `code` that callers can switch on.
 *
 * Messages never contain key material, certificates or tokens: callers pass a short detail only.
 */

/** Options accepted by every {@link UnikornError} subclass. */
export interface UnikornErrorOptions {
  /** The underlying error, kept for debugging. It must not carry secret material either. */
  cause?: unknown;
}

/** Base class of every error this library throws on purpose. */
export abstract class UnikornError extends Error {
  /** Stable machine-readable code, e.g. `ERR_SECRET_FORMAT`. */
  abstract readonly code: string;
  /** The Go sentinel text this error wraps, e.g. `secret incorrectly formatted`. */
  abstract readonly sentinel: string;
}

// Implementation note: every sentinel class is produced by one factory so that the message format
// (`sentinel` alone, or `sentinel: detail`) is defined exactly once.

/** Constructor type of a sentinel error class whose instances carry the literal `code` `C`. */
export type SentinelClass<C extends string> = (new (
  detail?: string,
  options?: UnikornErrorOptions,
) => UnikornError & { readonly code: C; readonly detail?: string }) & { readonly sentinel: string };

function sentinelClass<C extends string>(name: string, sentinel: string, code: C): SentinelClass<C> {
  const cls = class extends UnikornError {
    override readonly name = name;
    readonly code: C = code;
    readonly sentinel = sentinel;
    /** The text after the sentinel, when there is one. */
    readonly detail?: string;

    constructor(detail?: string, options?: UnikornErrorOptions) {
      super(detail ? `${sentinel}: ${detail}` : sentinel, options);
      this.detail = detail;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  Object.defineProperty(cls, 'sentinel', { value: sentinel });
  return cls as unknown as SentinelClass<C>;
}

/** Go `ErrParseFlag`: "flag was unable to be parsed". */
export const ParseFlagError = sentinelClass('ParseFlagError', 'flag was unable to be parsed', 'ERR_PARSE_FLAG');
export type ParseFlagError = InstanceType<typeof ParseFlagError>;

/** Go `ErrCDDriver`: "unhandled CD driver". */
export const CDDriverError = sentinelClass('CDDriverError', 'unhandled CD driver', 'ERR_CD_DRIVER');
export type CDDriverError = InstanceType<typeof CDDriverError>;

/** Go `ErrInvalidContext`: "context invalid". Thrown when a value expected in context is missing. */
export const InvalidContextError = sentinelClass('InvalidContextError', 'context invalid', 'ERR_INVALID_CONTEXT');
export type InvalidContextError = InstanceType<typeof InvalidContextError>;

/** Go `ErrKubeconfig`: "kubeconfig error". */
export const KubeconfigError = sentinelClass('KubeconfigError', 'kubeconfig error', 'ERR_KUBECONFIG');
export type KubeconfigError = InstanceType<typeof KubeconfigError>;

/** Go `ErrSecretFormatError`: "secret incorrectly formatted". */
export const SecretFormatError = sentinelClass(
  'SecretFormatError',
  'secret incorrectly formatted',
  'ERR_SECRET_FORMAT',
);
export type SecretFormatError = InstanceType<typeof SecretFormatError>;

/** Go `ErrAPIStatus`: "api status code unexpected". */
export const APIStatusError = sentinelClass('APIStatusError', 'api status code unexpected', 'ERR_API_STATUS');
export type APIStatusError = InstanceType<typeof APIStatusError>;

/** Go `ErrConsistency`: "consistency error". */
export const ConsistencyError = sentinelClass('ConsistencyError', 'consistency error', 'ERR_CONSISTENCY');
export type ConsistencyError = InstanceType<typeof ConsistencyError>;

/** Go `ErrUnsupportedKeyType`: "private key type is unsupported". */
export const UnsupportedKeyTypeError = sentinelClass(
  'UnsupportedKeyTypeError',
  'private key type is unsupported',
  'ERR_UNSUPPORTED_KEY_TYPE',
);
export type UnsupportedKeyTypeError = InstanceType<typeof UnsupportedKeyTypeError>;

/** Go `ErrKey`: "key error". */
export const KeyError = sentinelClass('KeyError', 'key error', 'ERR_KEY');
export type KeyError = InstanceType<typeof KeyError>;

/** Go `ErrTypeConversion`: "type conversion error". */
export const TypeConversionError = sentinelClass('TypeConversionError', 'type conversion error', 'ERR_TYPE_CONVERSION');
export type TypeConversionError = InstanceType<typeof TypeConversionError>;

/** Go `ErrResourceNotFound`: "resource not found". */
export const ResourceNotFoundError = sentinelClass(
  'ResourceNotFoundError',
  'resource not found',
  'ERR_RESOURCE_NOT_FOUND',
);
export type ResourceNotFoundError = InstanceType<typeof ResourceNotFoundError>;

/** Go `ErrConflict`: "resource conflict". */
export const ConflictError = sentinelClass('ConflictError', 'resource conflict', 'ERR_CONFLICT');
export type ConflictError = InstanceType<typeof ConflictError>;

/** Go `ErrClientCredential` (SPIFFE-era core): "client credential". */
export const ClientCredentialError = sentinelClass(
  'ClientCredentialError',
  'client credential',
  'ERR_CLIENT_CREDENTIAL',
);
export type ClientCredentialError = InstanceType<typeof ClientCredentialError>;

/** Go `ErrJWS`-equivalent for token parse and verification failures (go-jose errors in Go). */
export const JWSError = sentinelClass('JWSError', 'jws error', 'ERR_JWS');
export type JWSError = InstanceType<typeof JWSError>;

/**
 * Go core `provisioners.ErrYield`: "controller timeout yield". Returned instead of a Kubernetes update conflict by the
 * reference manager: a controller should requeue the reconcile (not fail it) and retry with a fresh read.
 */
export const YieldError = sentinelClass('YieldError', 'controller timeout yield', 'ERR_YIELD');
export type YieldError = InstanceType<typeof YieldError>;

/** Every sentinel class, for exhaustive tests and `instanceof` checks. */
export const sentinelClasses = [
  ParseFlagError,
  CDDriverError,
  InvalidContextError,
  KubeconfigError,
  SecretFormatError,
  APIStatusError,
  ConsistencyError,
  UnsupportedKeyTypeError,
  KeyError,
  TypeConversionError,
  ResourceNotFoundError,
  ConflictError,
  ClientCredentialError,
  JWSError,
  YieldError,
] as const;
