import { describe, expect, it } from '@jest/globals';
import { APIError } from '../src/errors/apiError';
import {
  APIStatusError,
  CDDriverError,
  ClientCredentialError,
  ConflictError,
  ConsistencyError,
  InvalidContextError,
  JWSError,
  KeyError,
  KubeconfigError,
  ParseFlagError,
  ResourceNotFoundError,
  SecretFormatError,
  sentinelClasses,
  TypeConversionError,
  UnikornError,
  UnsupportedKeyTypeError,
  YieldError,
} from '../src/errors/errors';

// The texts of Go's `core/pkg/errors` sentinels, written out literally.
const expectedTexts = [
  [ParseFlagError, 'flag was unable to be parsed'],
  [CDDriverError, 'unhandled CD driver'],
  [InvalidContextError, 'context invalid'],
  [KubeconfigError, 'kubeconfig error'],
  [SecretFormatError, 'secret incorrectly formatted'],
  [APIStatusError, 'api status code unexpected'],
  [ConsistencyError, 'consistency error'],
  [UnsupportedKeyTypeError, 'private key type is unsupported'],
  [KeyError, 'key error'],
  [TypeConversionError, 'type conversion error'],
  [ResourceNotFoundError, 'resource not found'],
  [ConflictError, 'resource conflict'],
  [ClientCredentialError, 'client credential'],
  [JWSError, 'jws error'],
  [YieldError, 'controller timeout yield'],
] as const;

// The same table with the class name first, for readable test titles.
const namedTexts = expectedTexts.map(([cls, text]) => [cls.name, cls, text] as const);

describe('sentinel errors', () => {
  it('cover every sentinel class exactly once', () => {
    expect(new Set(expectedTexts.map(([cls]) => cls))).toEqual(new Set(sentinelClasses));
  });

  it.each(namedTexts)('%s without detail has the Go sentinel text as message', (_name, cls, text) => {
    const error = new cls();
    expect(error.message).toBe(text);
    expect(error.sentinel).toBe(text);
    expect(cls.sentinel).toBe(text);
    expect(error.detail).toBeUndefined();
  });

  it.each(namedTexts)('%s with detail formats "<sentinel>: <detail>"', (_name, cls, text) => {
    const error = new cls('some detail');
    expect(error.message).toBe(`${text}: some detail`);
    expect(error.detail).toBe('some detail');
  });

  it.each(namedTexts)('%s is an UnikornError and an Error with a stack', (_name, cls) => {
    const error = new cls();
    expect(error).toBeInstanceOf(UnikornError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(cls);
    expect(error.name).toBe(cls.name);
    expect(typeof error.stack).toBe('string');
  });

  it('codes are stable ERR_ strings and unique across classes', () => {
    const codes = sentinelClasses.map((cls) => new cls().code);
    for (const code of codes) {
      expect(code).toMatch(/^ERR_[A-Z_]+$/);
    }
    expect(new Set([...codes, new APIError({ status: 400, errorCode: 'x', description: 'y' }).code]).size).toBe(
      codes.length + 1,
    );
    expect(new SecretFormatError('x').code).toBe('ERR_SECRET_FORMAT');
    expect(new JWSError().code).toBe('ERR_JWS');
    expect(new UnsupportedKeyTypeError().code).toBe('ERR_UNSUPPORTED_KEY_TYPE');
  });

  it('a class is not an instance of another sentinel class', () => {
    expect(new KeyError()).not.toBeInstanceOf(JWSError);
    expect(new JWSError()).not.toBeInstanceOf(KeyError);
  });

  it('keeps the cause', () => {
    const cause = new Error('underlying');
    expect(new KeyError('bad', { cause }).cause).toBe(cause);
  });

  it('formats the documented examples', () => {
    expect(new SecretFormatError('issuer CA missing tls.crt').message).toBe(
      'secret incorrectly formatted: issuer CA missing tls.crt',
    );
    expect(new UnsupportedKeyTypeError('unsupported elliptic curve P-521').message).toBe(
      'private key type is unsupported: unsupported elliptic curve P-521',
    );
  });
});
