/**
 * One bounded call to the identity service for the remote authorizer: the request mutators run first (trace
 * context, certificate relay, …, as on every identity client), then the request goes through the mTLS dispatcher
 * with a deadline (Go's remote authorizer has none) and a cap on the body read.
 */

import type { Dispatcher } from '@unikorn-cloud/core-client';
import type { IdentityContext } from '../../context';
import type { OutboundRequest, RequestMutator } from '../../mutators/types';

/** Where and how identity is called. */
export interface IdentityEndpoint {
  /** Identity's base URL (`--identity-host`). */
  baseUrl: string;
  /** The mTLS dispatcher (core-client), or any undici dispatcher. */
  dispatcher: Dispatcher;
  /** Deadline of each call, from sending until the body is read. */
  timeoutMs: number;
}

/** What came back: status, content type and the body bytes read (at most the cap). */
export interface IdentityReply {
  status: number;
  contentType: string;
  body: Buffer;
  /** True when the body was longer than the cap and was cut there. */
  truncated: boolean;
}

/** A call that did not produce a response (connection error, timeout, mutator failure). */
export class IdentityCallError extends Error {
  override readonly name = 'IdentityCallError';
}

/**
 * Sends one request. Resolves with the reply (any status); rejects with {@link IdentityCallError} when no reply
 * was received in time.
 */
export async function callIdentity(
  endpoint: IdentityEndpoint,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string },
  mutators: readonly RequestMutator[],
  context: IdentityContext,
  maxBodyBytes: number,
): Promise<IdentityReply> {
  const url = new URL(`${endpoint.baseUrl.replace(/\/+$/, '')}${request.path}`);
  const outbound: OutboundRequest = { method: request.method, url, headers: { ...request.headers } };
  const signal = AbortSignal.timeout(endpoint.timeoutMs);
  try {
    for (const mutator of mutators) {
      await mutator(outbound, context);
    }
    const response = await endpoint.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: request.method as Dispatcher.HttpMethod,
      headers: outbound.headers,
      body: request.body,
      signal,
    });
    const chunks: Buffer[] = [];
    let length = 0;
    let truncated = false;
    for await (const chunk of response.body) {
      const buffer = Buffer.from(chunk as Uint8Array);
      if (length + buffer.length > maxBodyBytes) {
        chunks.push(buffer.subarray(0, maxBodyBytes - length));
        length = maxBodyBytes;
        truncated = true;
        response.body.destroy();
        break;
      }
      chunks.push(buffer);
      length += buffer.length;
    }
    const contentType = response.headers['content-type'];
    return {
      status: response.statusCode,
      contentType: Array.isArray(contentType) ? (contentType[0] ?? '') : (contentType ?? ''),
      body: Buffer.concat(chunks),
      truncated,
    };
  } catch (cause) {
    const reason = signal.aborted
      ? `timeout after ${endpoint.timeoutMs}ms`
      : cause instanceof Error
        ? cause.message
        : 'request failed';
    throw new IdentityCallError(reason, { cause });
  }
}
