/**
 * HTTP client span and metric attributes of one attempt, following the OpenTelemetry HTTP semantic conventions.
 */

import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_SCHEME,
  ATTR_URL_TEMPLATE,
} from './semanticConventions';

const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
  'QUERY',
]);

/** The attributes every span and measurement of an attempt carries, computed once per attempt. */
export interface AttemptTarget {
  /** The method in its conventional form (`_OTHER` for an unknown one). */
  readonly method: string;
  /** The method as sent. */
  readonly originalMethod: string;
  readonly scheme: string;
  readonly address: string;
  readonly port: number;
  /** The absolute URL. */
  readonly full: string;
  readonly template: string | undefined;
}

/** Describes an attempt to `origin` + `path` with `method`. */
export function attemptTarget(
  origin: string | URL | undefined,
  path: string,
  method: string,
  template: string | undefined,
): AttemptTarget {
  const url = new URL(path, origin);
  const scheme = url.protocol.slice(0, -1);
  const upper = method.toUpperCase();
  return {
    method: KNOWN_METHODS.has(upper) ? upper : '_OTHER',
    originalMethod: method,
    scheme,
    address: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (scheme === 'http' ? 80 : 443) : Number(url.port),
    full: url.href,
    template,
  };
}

/** The span name: `{method} {url.template}`, or just the method without a template (never the raw path). */
export function spanName(target: AttemptTarget): string {
  const method = target.method === '_OTHER' ? 'HTTP' : target.method;
  return target.template === undefined ? method : `${method} ${target.template}`;
}

/** The attributes shared by the span and the duration histogram (those known before the response). */
export function baseAttributes(target: AttemptTarget): Attributes {
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: target.method,
    [ATTR_SERVER_ADDRESS]: target.address,
    [ATTR_SERVER_PORT]: target.port,
    [ATTR_URL_SCHEME]: target.scheme,
    [ATTR_NETWORK_PROTOCOL_VERSION]: '1.1',
  };
  if (target.method === '_OTHER') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = target.originalMethod;
  if (target.template !== undefined) attributes[ATTR_URL_TEMPLATE] = target.template;
  return attributes;
}

/**
 * `error.type` of an attempt: the status code as text for a status ≥ 400, else the error's code (`ECONNRESET`,
 * `UND_ERR_SOCKET`) or class name; undefined for a success.
 */
export function errorType(status: number | undefined, error: Error | undefined): string | undefined {
  if (status !== undefined && status >= 400) return String(status);
  if (error === undefined) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : error.name || '_OTHER';
}

/** The attributes known once the attempt ended: status code and `error.type`. */
export function outcomeAttributes(base: Attributes, status: number | undefined, error: Error | undefined): Attributes {
  const attributes: Attributes = { ...base };
  if (status !== undefined) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
  const type = errorType(status, error);
  if (type !== undefined) attributes[ATTR_ERROR_TYPE] = type;
  return attributes;
}
