import { describe, expect, it } from '@jest/globals';
import { APIStatusError } from '@unikorn-cloud/core-client';
import { operationEntry } from '../src/codegen/operationTables';
import { resultOrError } from '../src/codegen/requestClass';

const tables = {
  successStatuses: { 'PUT /api/v2/things/{thingID}': [201] },
  responseTypes: { 'PUT /api/v2/things/{thingID}': { operationId: 'putThing', types: { 201: 'object' as const } } },
};
const put = { method: 'PUT', url: '/api/v2/things/{thingID}', errors: {} };
const response = (status: number, text: string) => ({
  status,
  body: text === '' ? undefined : JSON.parse(text),
  contentType: 'application/json',
  text,
  json: text !== '',
});

describe('operation tables', () => {
  it('finds an operation by method and path template, and keeps the entry it found', () => {
    const first = operationEntry(tables, 'PUT', '/api/v2/things/{thingID}');
    expect(first).toEqual({
      key: 'PUT /api/v2/things/{thingID}',
      successStatuses: [201],
      responseType: { operationId: 'putThing', types: { 201: 'object' } },
    });
    expect(operationEntry(tables, 'PUT', `/api/v2/things/${'{thingID}'}`)).toBe(first);
  });

  it('does not keep entries the tables lack (arbitrary keys cannot grow the cache) and ignores inherited keys', () => {
    const missing = operationEntry(tables, 'GET', '/nowhere');
    expect(missing).toEqual({ key: 'GET /nowhere', successStatuses: undefined, responseType: undefined });
    expect(operationEntry(tables, 'GET', '/nowhere')).not.toBe(missing);
    const inherited = Object.create({ 'GET /proto': [200] });
    expect(operationEntry({ successStatuses: inherited, responseTypes: {} }, 'GET', '/proto').successStatuses).toBe(
      undefined,
    );
  });

  it('resultOrError checks documented statuses and declared body types through the entry', () => {
    expect(resultOrError(tables, put, response(201, '{"id":"t"}'))).toEqual({ id: 't' });
    expect(() => resultOrError(tables, put, response(200, '{}'))).toThrow(APIStatusError);
    expect(() => resultOrError(tables, put, response(201, '[]'))).toThrow(
      'putThing (PUT /api/v2/things/{thingID}) status 201',
    );
    // An operation the tables do not know accepts any 2xx and returns the body as received.
    expect(resultOrError(tables, { method: 'GET', url: '/other' }, response(202, '[1]'))).toEqual([1]);
  });
});
