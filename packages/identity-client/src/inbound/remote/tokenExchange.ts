/**
 * RFC 8693 token exchange against identity's token endpoint, byte-compatible with Go's remote authorizer
 * (identity `remote/token_exchange_http.go`): the form, the headers, and the classification of every response.
 */

import { queryEscape, UnikornError, type UnikornErrorOptions } from '@unikorn-cloud/core-client';
import { clientCertificateMutator } from '../../mutators/clientCertificateMutator';
import { traceContextMutator } from '../../mutators/traceContextMutator';
import { callIdentity, type IdentityEndpoint } from './identityCall';

/** The organization and project a token is exchanged for (`''` when absent). */
export interface TokenExchangeScope {
  organizationId: string;
  projectId: string;
}

/** What {@link TokenExchange.exchange} gets. */
export interface TokenExchangeRequest extends TokenExchangeScope {
  /** The bearer token as presented. */
  sourceToken: string;
  /** The relayed client certificate (query-escaped PEM), sent as `Unikorn-Client-Certificate`. */
  clientCertificate?: string;
}

/** Exchanges a source access token for a passport (Go's `TokenExchange`). */
export interface TokenExchange {
  /** The passport, or a {@link TokenExchangeError}. */
  exchange(request: TokenExchangeRequest): Promise<string>;
}

/** How an exchange failed (Go's sentinels). */
export type TokenExchangeFailure =
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'failed'
  | 'invalid-response'
  | 'missing-access-token';

const sentinels: Record<TokenExchangeFailure, string> = {
  unauthorized: 'token exchange unauthorized',
  forbidden: 'token exchange forbidden',
  unavailable: 'token exchange unavailable',
  failed: 'token exchange failed',
  'invalid-response': 'token exchange invalid response',
  'missing-access-token': 'token exchange response missing access token',
};

/** A failed exchange, with Go's text (`token exchange unavailable: status code 503`, …). */
export class TokenExchangeError extends UnikornError {
  override readonly name = 'TokenExchangeError';
  readonly code = 'ERR_TOKEN_EXCHANGE';
  readonly sentinel: string;

  /** @param failure - the Go sentinel; @param detail - text after it. */
  constructor(
    readonly failure: TokenExchangeFailure,
    detail?: string,
    options?: UnikornErrorOptions,
  ) {
    super(detail === undefined ? sentinels[failure] : `${sentinels[failure]}: ${detail}`, options);
    this.sentinel = sentinels[failure];
  }
}

/** The token-exchange grant and token types. */
export const tokenExchangeGrantType = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
export const passportTokenType = 'urn:nscale:params:oauth:token-type:passport';

/** Identity's token endpoint for a host (Go `TokenExchangeURL`: trailing `/` trimmed). */
export function tokenExchangeURL(identityHost: string): string {
  return `${identityHost.replace(/\/+$/, '')}/oauth2/v2/token`;
}

/** The form body exactly as Go's `url.Values.Encode` writes it: keys sorted, values query-escaped. */
export function tokenExchangeForm(request: TokenExchangeRequest): string {
  const form: [string, string][] = [
    ['grant_type', tokenExchangeGrantType],
    ['requested_token_type', passportTokenType],
    ['subject_token', request.sourceToken],
    ['subject_token_type', accessTokenType],
  ];
  if (request.organizationId !== '') form.push(['x_organization_id', request.organizationId]);
  if (request.projectId !== '') form.push(['x_project_id', request.projectId]);
  return form
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${queryEscape(key)}=${queryEscape(value)}`)
    .join('&');
}

// Go reads at most 8 KiB of a 400 body to look for invalid_scope.
const errorBodySniffLimit = 8 * 1024;

/** Options of {@link HTTPTokenExchange}. */
export interface HTTPTokenExchangeOptions {
  /** Largest 200 body read (Go reads it whole); default 1 MiB, which no real passport approaches. */
  maxResponseBytes?: number;
}

/** Go's `HTTPTokenExchange`, over the identity mTLS dispatcher with a deadline. */
export class HTTPTokenExchange implements TokenExchange {
  private readonly maxResponseBytes: number;

  constructor(
    private readonly endpoint: IdentityEndpoint,
    options: HTTPTokenExchangeOptions = {},
  ) {
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  }

  async exchange(request: TokenExchangeRequest): Promise<string> {
    let reply: Awaited<ReturnType<typeof callIdentity>>;
    try {
      reply = await callIdentity(
        this.endpoint,
        {
          method: 'POST',
          path: '/oauth2/v2/token',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: tokenExchangeForm(request),
        },
        [traceContextMutator(), clientCertificateMutator()],
        { clientCertificate: request.clientCertificate },
        this.maxResponseBytes,
      );
    } catch (cause) {
      throw new TokenExchangeError('unavailable', cause instanceof Error ? cause.message : undefined, { cause });
    }
    return classify(reply.status, reply.body, reply.truncated);
  }
}

function classify(status: number, body: Buffer, truncated: boolean): string {
  if (status === 401) throw new TokenExchangeError('unauthorized');
  if (status === 400) {
    let error: unknown;
    try {
      error = (JSON.parse(body.subarray(0, errorBodySniffLimit).toString('utf8')) as { error?: unknown })?.error;
    } catch {
      error = undefined;
    }
    if (error === 'invalid_scope') throw new TokenExchangeError('forbidden');
    throw new TokenExchangeError('failed', 'status code 400');
  }
  if (status >= 500) throw new TokenExchangeError('unavailable', `status code ${status}`);
  if (status !== 200) throw new TokenExchangeError('failed', `status code ${status}`);
  if (truncated) throw new TokenExchangeError('invalid-response', 'response body too large');
  let accessToken: unknown;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    accessToken =
      typeof parsed === 'object' && parsed !== null ? (parsed as { access_token?: unknown }).access_token : undefined;
    if (accessToken !== undefined && accessToken !== null && typeof accessToken !== 'string') {
      throw new TypeError('json: cannot unmarshal access_token into a string');
    }
    if (typeof parsed !== 'object' && parsed !== null) {
      throw new TypeError('json: cannot unmarshal the response into an object');
    }
  } catch (cause) {
    throw new TokenExchangeError('invalid-response', cause instanceof Error ? cause.message : undefined, { cause });
  }
  if (typeof accessToken !== 'string' || accessToken === '') throw new TokenExchangeError('missing-access-token');
  return accessToken;
}
