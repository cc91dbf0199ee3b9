import { marshalGoJSON } from '@unikorn-cloud/core-client';
import type { HandlerResponse } from '@unikorn-cloud/testkit';

/** A JSON success response encoded like Go (`Content-Type: application/json`). */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): HandlerResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: marshalGoJSON(body) };
}

/** A response without a body. */
export function emptyResponse(status: number, headers: Readonly<Record<string, string>> = {}): HandlerResponse {
  return { status, headers, body: '' };
}
