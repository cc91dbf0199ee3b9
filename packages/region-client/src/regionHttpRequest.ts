/**
 * The request class every generated region operation goes through: it adapts openapi-typescript-codegen's
 * `ApiRequestOptions` to identity-client's transport (shared mTLS dispatcher + ordered mutator chain) and maps
 * statuses the way Go's region client does. No trust or transport logic lives here.
 */

import { escapePathSegment, propagateError } from '@unikorn-cloud/core-client';
import {
  type ClientTransport,
  type QueryValue,
  RequestCancellation,
  sendRequest,
} from '@unikorn-cloud/identity-client';
import type { ApiRequestOptions } from './generated/core/ApiRequestOptions';
import { BaseHttpRequest } from './generated/core/BaseHttpRequest';
import { CancelablePromise } from './generated/core/CancelablePromise';
import type { OpenAPIConfig } from './generated/core/OpenAPI';
import { operationSuccessStatuses } from './generated/operationStatuses';
import { type DecodedResponse, decodeSuccessBody } from './responseDecoding';

export type { DecodedResponse } from './responseDecoding';

/** Per-client request settings. */
export interface RequestSettings {
  /** Aborts every request of the client it is given to. */
  signal?: AbortSignal;
  /** Per-request timeout in milliseconds (overrides the transport's default). */
  timeoutMs?: number;
}

/** Fills `{name}` placeholders with Go-style escaped (`url.PathEscape`) parameter values. */
export function expandPath(template: string, parameters: Readonly<Record<string, unknown>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => escapePathSegment(String(parameters[name])));
}

/**
 * Checks a response against the operation's documented statuses: a documented success status resolves with the
 * body, decoded as Go does (JSON of the declared top-level type, else `ResponseDecodeError`); anything else becomes
 * core's `propagateError` result (a documented error status → `APIError`, others → the Go texts, e.g.
 * `api status code unexpected: status code 200 not valid`).
 *
 * @throws ResponseDecodeError for a documented success whose body is not JSON or not the declared type.
 */
export function resultOrError(options: ApiRequestOptions, response: DecodedResponse): unknown {
  const key = `${options.method} ${options.url}`;
  const { status, body, contentType } = response;
  const expected = operationSuccessStatuses[key];
  const ok = expected === undefined ? status >= 200 && status < 300 : expected.includes(status);
  if (ok) {
    return decodeSuccessBody(key, response);
  }
  throw propagateError({ status, body, contentType }, options.errors ?? {});
}

/** Returns a generated-client request class bound to `transport`. */
export function regionHttpRequest(
  transport: ClientTransport,
  settings: RequestSettings = {},
): new (
  config: OpenAPIConfig,
) => BaseHttpRequest {
  return class RegionHttpRequest extends BaseHttpRequest {
    override request<T>(options: ApiRequestOptions): CancelablePromise<T> {
      return new CancelablePromise<T>((resolve, reject, onCancel) => {
        // cancel() of the returned promise cancels the request; the handle costs nothing until it is used.
        const cancellation = new RequestCancellation();
        onCancel(() => cancellation.cancel());
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(options.headers ?? {})) {
          if (value !== undefined && value !== null) headers[name] = String(value);
        }
        if (options.body !== undefined && options.mediaType) headers['Content-Type'] = options.mediaType;
        sendRequest(transport, {
          method: options.method,
          path: expandPath(options.url, options.path),
          query: options.query as Record<string, QueryValue> | undefined,
          headers,
          body: options.body,
          signal: settings.signal,
          cancellation,
          timeoutMs: settings.timeoutMs,
        })
          .then((response) => resolve(resultOrError(options, response) as T))
          .catch(reject);
      });
    }
  };
}
