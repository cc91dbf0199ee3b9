/**
 * Decoding of documented success bodies the way Go's generated clients do it: the body must be JSON and of the
 * top-level type the contract declares for that operation and status, else the call fails with a typed decode
 * error (instead of resolving with a string or the wrong shape).
 */

import { ResponseDecodeError } from '../requestErrors';
import type { TransportResponse } from '../transport';

/** The JSON top-level type a documented success body is declared as (the generated `DeclaredJSONType`). */
export type DeclaredJSONType = 'array' | 'object' | 'string' | 'number' | 'integer' | 'boolean';

/**
 * Per operation, keyed `METHOD /path/{template}`: its operationId and the declared top-level type of each documented
 * success body (the generated `operationResponseTypes`).
 */
export type OperationResponseTypes = Readonly<
  Record<string, { readonly operationId: string; readonly types: Readonly<Record<number, DeclaredJSONType>> }>
>;

/** The parts of a received response the decoder looks at. */
export type DecodedResponse = Pick<TransportResponse, 'status' | 'body' | 'contentType' | 'text' | 'json'>;

const typeNames: Readonly<Record<DeclaredJSONType, string>> = {
  array: 'a JSON array',
  object: 'a JSON object',
  string: 'a JSON string',
  number: 'a JSON number',
  integer: 'a JSON integer',
  boolean: 'a JSON boolean',
};

function hasType(value: unknown, type: DeclaredJSONType): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

/**
 * The body of a documented success response, checked against the contract. An operation or status the contract
 * declares no JSON type for resolves with the body as received.
 *
 * @param responseTypes - The generated `operationResponseTypes` of the client.
 * @param operationKey - `METHOD /path/{template}` as the generated services pass it.
 * @throws ResponseDecodeError naming the operation and status (with a short, escaped body prefix) when the body is
 *   not JSON, or not the declared top-level type.
 */
export function decodeSuccessBody(
  responseTypes: OperationResponseTypes,
  operationKey: string,
  response: DecodedResponse,
): unknown {
  return decodeDeclaredBody(responseTypes[operationKey], operationKey, response);
}

/** {@link decodeSuccessBody} with the operation's entry of `operationResponseTypes` already looked up. */
export function decodeDeclaredBody(
  declared: OperationResponseTypes[string] | undefined,
  operationKey: string,
  response: DecodedResponse,
): unknown {
  const type = declared?.types[response.status];
  if (declared === undefined || type === undefined) {
    return response.body;
  }
  if (!response.json || !hasType(response.body, type)) {
    const operation = `${declared.operationId} (${operationKey})`;
    const notJson = response.json ? '' : ' (the body is not JSON)';
    throw new ResponseDecodeError(operation, response.status, `${typeNames[type]}${notJson}`, response.text);
  }
  return response.body;
}
