/**
 * The curated public surface: the package entry exports our client, references, ids helpers and error classes as
 * values; everything generated is types only. Nothing that sends outside our transport (the old `RegionAPI`
 * constructor sending through global fetch, `OpenAPI`) and no generated request internals or second error and
 * cancellation types (`ApiError`, `CancelablePromise`, `CancelError`) are exported.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { APIError, TypeConversionError } from '@unikorn-cloud/core-client';
import { RequestParameterError, ResponseDecodeError } from '@unikorn-cloud/identity-client';
import * as entry from '../src';

describe('the package entry', () => {
  it('exports exactly the curated runtime values', () => {
    expect(Object.keys(entry).sort()).toEqual(
      [
        'APIError',
        'APIStatusError',
        'Client',
        'ClientCredentialError',
        'InvalidContextError',
        'InvalidUUIDError',
        'REGION_SERVICE',
        'References',
        'RequestAbortedError',
        'RequestParameterError',
        'RequestTimeoutError',
        'ResponseDecodeError',
        'ResponseTooLargeError',
        'TypeConversionError',
        'UnikornError',
        'newOptions',
        'parseNetworkID',
        'parseUUID',
      ].sort(),
    );
  });

  it('re-exports the error classes operations really reject with (same classes, so instanceof matches)', () => {
    expect(entry.APIError).toBe(APIError);
    expect(entry.TypeConversionError).toBe(TypeConversionError);
    expect(entry.ResponseDecodeError).toBe(ResponseDecodeError);
    expect(entry.RequestParameterError).toBe(RequestParameterError);
  });

  it('has no generated request internals, fetch client or codegen error types, and only PascalCase model types', () => {
    const report = readFileSync(new URL('../etc/region-client.api.md', import.meta.url), 'utf8');
    const exported = [...report.matchAll(/^export (?:declare )?(?:type|interface|class|function|const) (\w+)/gm)].map(
      (match) => match[1],
    );
    expect(exported).toEqual(expect.arrayContaining(['RegionAPI', 'NetworksOperations', 'NetworkV2Read', 'ErrorBody']));
    for (const name of [
      'ApiError',
      'OpenAPI',
      'OpenAPIConfig',
      'CancelablePromise',
      'CancelError',
      'BaseHttpRequest',
    ]) {
      expect(exported).not.toContain(name);
      expect(report).not.toMatch(new RegExp(`\\bexport \\{ ${name}\\b`));
    }
    expect(exported.filter((name) => /^[a-z]/.test(name) && !/^(newOptions|parseNetworkID)$/.test(name))).toEqual([]);
    expect(report).not.toMatch(/@throws ApiError/);
  });

  it('generated doc comments name the errors really thrown, never ApiError', () => {
    const networks = readFileSync(
      new URL('../src/generated/operations/NetworksOperations.ts', import.meta.url),
      'utf8',
    );
    expect(networks).not.toMatch(/ApiError/);
    expect(networks).toMatch(/@throws core-client's `APIError` for the documented error statuses 400, 401, 403, 500\./);
    expect(networks).toMatch(/RequestParameterError/);
  });
});
