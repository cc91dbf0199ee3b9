import { describe, expect, it } from '@jest/globals';
import { APIError, isErrorBody } from '../src/errors/apiError';
import { APIStatusError, TypeConversionError, UnikornError } from '../src/errors/errors';
import { propagateError } from '../src/errors/propagateError';

const json = 'application/json';

describe('propagateError', () => {
  it('status 400 with a populated JSON400 body propagates a 400 API error', () => {
    const error = propagateError(
      { status: 400, contentType: json, body: { error: 'invalid_request', error_description: 'this is a test' } },
      [400, 500],
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(UnikornError);
    const apiError = error as APIError;
    expect(apiError.status).toBe(400);
    expect(apiError.errorCode).toBe('invalid_request');
    expect(apiError.description).toBe('this is a test');
    expect(apiError.message).toBe('this is a test');
    expect(apiError.code).toBe('ERR_API');
    expect(apiError.sentinel).toBe('api error');
  });

  it('status 502 not documented for the operation is not an API error', () => {
    const error = propagateError(
      { status: 502, contentType: json, body: { error: 'server_error', error_description: 'bad gateway' } },
      [400, 500],
    );
    expect(error).not.toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(TypeConversionError);
    expect(error.message).toBe('type conversion error: error field JSON502 not defined');
  });

  it('status 400 with an empty JSON400 is not an API error', () => {
    const error = propagateError({ status: 400, contentType: json, body: undefined }, [400]);
    expect(error).not.toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(TypeConversionError);
    expect(error.message).toBe('type conversion error: error field JSON400 not populated');
  });

  it('status 200 where 201 was expected is an unexpected status', () => {
    const error = propagateError({ status: 200, contentType: json, body: {} }, [400]);
    expect(error).toBeInstanceOf(APIStatusError);
    expect(error.message).toBe('api status code unexpected: status code 200 not valid');
  });

  it('does not populate a text/html 400 even when the body looks like an error body', () => {
    const body = { error: 'invalid_request', error_description: 'html page' };
    const error = propagateError({ status: 400, contentType: 'text/html; charset=utf-8', body }, [400]);
    expect(error).not.toBeInstanceOf(APIError);
    expect(error.message).toBe('type conversion error: error field JSON400 not populated');
  });

  it('does not populate a 400 whose body is an HTML string or lacks required fields', () => {
    expect(propagateError({ status: 400, body: '<html>bad</html>' }, [400]).message).toBe(
      'type conversion error: error field JSON400 not populated',
    );
    expect(propagateError({ status: 400, contentType: json, body: { error: 'forbidden' } }, [400]).message).toBe(
      'type conversion error: error field JSON400 not populated',
    );
  });

  it('carries the received status, not a status from the body or the documented list', () => {
    const error = propagateError(
      { status: 403, contentType: json, body: { error: 'not_found', error_description: 'resource not found' } },
      { 400: 'bad request', 403: 'forbidden' },
    );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(403);
    expect((error as APIError).errorCode).toBe('not_found');
  });

  it('accepts a record of documented errors and rejects statuses missing from it', () => {
    const error = propagateError(
      { status: 409, contentType: json, body: { error: 'conflict', error_description: 'exists' } },
      { 400: 'bad request', 404: 'not found' },
    );
    expect(error.message).toBe('type conversion error: error field JSON409 not defined');
  });

  it('carries the trace ID', () => {
    const traceId = '0123456789abcdef0123456789abcdef';
    const error = propagateError(
      {
        status: 500,
        contentType: 'application/json; charset=utf-8',
        body: { error: 'server_error', error_description: 'boom', trace_id: traceId },
      },
      new Set([500]),
    );
    expect((error as APIError).traceId).toBe(traceId);
  });
});

describe('isErrorBody', () => {
  it('requires string error and error_description and an optional string trace_id', () => {
    expect(isErrorBody({ error: 'forbidden', error_description: 'no' })).toBe(true);
    expect(isErrorBody({ error: 'forbidden', error_description: 'no', trace_id: 't' })).toBe(true);
    expect(isErrorBody({ error: 'forbidden', error_description: 'no', trace_id: 1 })).toBe(false);
    expect(isErrorBody({ error: 'forbidden' })).toBe(false);
    expect(isErrorBody({ error: 1, error_description: 'no' })).toBe(false);
    expect(isErrorBody(null)).toBe(false);
    expect(isErrorBody('{"error":"forbidden","error_description":"no"}')).toBe(false);
    expect(isErrorBody([])).toBe(false);
  });
});

describe('APIError', () => {
  it('fromBody omits an absent trace ID', () => {
    const error = APIError.fromBody(404, { error: 'not_found', error_description: 'resource not found' });
    expect(error.traceId).toBeUndefined();
    expect(error.name).toBe('APIError');
    expect(error.message).toBe('resource not found');
  });
});

describe('server-sent error text carried into messages is bounded', () => {
  it('a 64 MiB error_description becomes a message of at most 1024 characters plus a note of what was cut', () => {
    const description = 'x'.repeat(64 * 1024 * 1024);
    const error = propagateError(
      { status: 403, body: { error: 'forbidden', error_description: description }, contentType: 'application/json' },
      [403],
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toBe(`${'x'.repeat(1024)}… (${64 * 1024 * 1024 - 1024} more characters)`);
    expect((error as APIError).description.length).toBeLessThan(1100);
  });

  it('the bound is configurable', () => {
    const error = propagateError(
      { status: 403, body: { error: 'forbidden', error_description: 'abcdef' }, contentType: 'application/json' },
      [403],
      { maxTextLength: 3 },
    );
    expect(error.message).toBe('abc… (3 more characters)');
  });
});
