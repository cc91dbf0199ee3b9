/**
 * Identity's remote authorizer (Go `pkg/middleware/openapi/remote`), the bearer authenticator of every service
 * but identity: the token is exchanged for a passport at identity, the passport's claims are cached for
 * `exp − now − 10 s` under (token, organization, project), and ACLs come from identity's ACL endpoints. Identity is
 * called through this service's own mTLS dispatcher (core-client) with the identity request mutators, and every
 * call has a deadline (Go's has none).
 */

import {
  accessDenied,
  type Dispatcher,
  type DispatcherCache,
  type HTTPClientOptions,
  type HTTPOptions,
  httpDispatcher,
  httpForbidden,
  oauth2InvalidRequest,
  propagateError,
  resolveKubernetesClient,
} from '@unikorn-cloud/core-client';
import { currentIdentityContext } from '../../context';
import type { KubeConfig } from '../../kubeConfig';
import { clientCertificateMutator } from '../../mutators/clientCertificateMutator';
import { principalMutator } from '../../mutators/principalMutator';
import { traceContextMutator } from '../../mutators/traceContextMutator';
import { type RequestMutator, setHeader } from '../../mutators/types';
import {
  type ACL,
  type ACLInput,
  type AuthorizationInfo,
  type AuthorizeInput,
  AuthzClaim,
  type BearerAuthenticator,
} from '../authorization';
import { ExpiringLRUCache } from '../expiringCache';
import { parseGoUUID } from './goUUID';
import { callIdentity, type IdentityEndpoint } from './identityCall';
import { decodePassport, type PassportClaims, passportCacheTtlMs } from './passport';
import { HTTPTokenExchange, type TokenExchange, TokenExchangeError } from './tokenExchange';

/** Options of {@link RemoteAuthorizer}. */
export interface RemoteAuthorizerOptions {
  /** Deadline of each identity call in ms (token exchange, ACL); default 10000. */
  timeoutMs?: number;
  /** Token cache entries; default 4096 (Go's). */
  tokenCacheSize?: number;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: () => number;
  /** The dispatcher to call identity through; default core-client's mTLS dispatcher for `identityOptions`. */
  dispatcher?: Dispatcher;
  /** Where the default dispatcher is cached; default core-client's shared cache. */
  dispatcherCache?: DispatcherCache;
  /** Replaces the HTTP token exchange (tests, or a custom exchanger). */
  exchange?: TokenExchange;
  /** Largest ACL response read; default 1 MiB. */
  maxACLBytes?: number;
}

function tokenCacheKey(token: string, organizationId: string, projectId: string): string {
  return JSON.stringify([token, organizationId, projectId]);
}

function infoFrom(token: string, claims: PassportClaims): AuthorizationInfo {
  return {
    token,
    userinfo: {
      sub: claims.sub,
      ...(claims.email === undefined ? {} : { email: claims.email }),
      [AuthzClaim]: { acctype: claims.acctype, orgIds: claims.orgIds },
    },
    clientId: '',
    systemAccount: false,
    serviceAccount: false,
    srcIss: claims.srcIss,
  };
}

function bearerMutator(token: string): RequestMutator {
  return (request) => {
    setHeader(request.headers, 'Authorization', `bearer ${token}`);
  };
}

/** Go's remote `Authorizer`: token exchange, passport, token cache and ACL calls against identity. */
export class RemoteAuthorizer implements BearerAuthenticator {
  private readonly tokens: ExpiringLRUCache<string, PassportClaims>;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private endpointPromise?: Promise<IdentityEndpoint>;
  private exchanger?: TokenExchange;

  /**
   * @param kube - Kubernetes client for the identity CA and this service's client certificate Secrets.
   * @param identityOptions - `--identity-host` and the identity CA Secret.
   * @param clientOptions - this service's client certificate.
   * @param options - deadlines, cache size, clock, dispatcher.
   */
  constructor(
    private readonly kube: KubeConfig | undefined,
    private readonly identityOptions: HTTPOptions,
    private readonly clientOptions: HTTPClientOptions,
    private readonly options: RemoteAuthorizerOptions = {},
  ) {
    this.tokens = new ExpiringLRUCache({ maxEntries: options.tokenCacheSize ?? 4096, now: options.now });
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.exchanger = options.exchange;
  }

  private endpoint(): Promise<IdentityEndpoint> {
    this.endpointPromise ??= (async () => {
      const dispatcher =
        this.options.dispatcher ??
        (await httpDispatcher(
          resolveKubernetesClient(this.kube ?? currentIdentityContext().kube),
          this.identityOptions,
          this.clientOptions,
          this.options.dispatcherCache,
        ));
      return { baseUrl: this.identityOptions.host, dispatcher, timeoutMs: this.timeoutMs };
    })();
    this.endpointPromise.catch(() => {
      this.endpointPromise = undefined;
    });
    return this.endpointPromise;
  }

  private async tokenExchange(): Promise<TokenExchange> {
    this.exchanger ??= new HTTPTokenExchange(await this.endpoint());
    return this.exchanger;
  }

  /**
   * Go `Authorize`: `oauth2` only (else 400 `authorization scheme unsupported`); `Authorization` must be exactly two
   * space-separated parts (401 `authorization header malformed`) with scheme `bearer` in any case (401
   * `authorization scheme not allowed`); then the cache or the exchange: 401 `token is invalid or has expired`,
   * 403 `not authorized for the requested scope`, 401 `token exchange failed`; an unusable passport is a plain
   * error (500).
   */
  async authorize(input: AuthorizeInput): Promise<AuthorizationInfo> {
    if (input.securitySchemeType !== 'oauth2') {
      throw oauth2InvalidRequest('authorization scheme unsupported').withValues('scheme', input.securitySchemeType);
    }
    const parts = input.authorization.split(' ');
    if (parts.length !== 2) throw accessDenied(input.host, 'authorization header malformed');
    const [scheme, token] = parts;
    if (scheme.toLowerCase() !== 'bearer') throw accessDenied(input.host, 'authorization scheme not allowed');
    const organizationId = input.pathParams.organizationID ?? '';
    const projectId = input.pathParams.projectID ?? '';
    const key = tokenCacheKey(token, organizationId, projectId);
    const cached = this.tokens.get(key);
    if (cached !== undefined) return infoFrom(token, cached);

    let passport: string;
    try {
      passport = await (await this.tokenExchange()).exchange({
        sourceToken: token,
        organizationId,
        projectId,
        clientCertificate: input.clientCertificate,
      });
    } catch (error) {
      if (error instanceof TokenExchangeError && error.failure === 'unauthorized') {
        throw accessDenied(input.host, 'token is invalid or has expired');
      }
      if (error instanceof TokenExchangeError && error.failure === 'forbidden') {
        throw httpForbidden('not authorized for the requested scope');
      }
      throw accessDenied(input.host, 'token exchange failed').withError(error);
    }
    const now = this.now();
    const claims = decodePassport(passport, now);
    this.tokens.set(key, claims, passportCacheTtlMs(claims, now));
    return infoFrom(token, claims);
  }

  /**
   * Go `GetACL`: `GET <identity>/api/v1/acl`, or `…/api/v1/organizations/<org>/acl` for a (UUID-parsed) organization,
   * with `X-Principal` (+ `X-Impersonate`), `Authorization: bearer <source token>` on the bearer path, trace
   * context and the relayed certificate. A non-200 is propagated as Go's `PropagateError` (401/500 JSON become API
   * errors, anything else a type conversion error); a transport failure is a plain error.
   */
  async getACL(input: ACLInput): Promise<ACL> {
    let path = '/api/v1/acl';
    if (input.organizationId !== '') {
      let organization: string;
      try {
        organization = parseGoUUID(input.organizationId);
      } catch (cause) {
        throw new Error(
          `${(cause as Error).message}: invalid organization ID ${JSON.stringify(input.organizationId)}`,
          { cause },
        );
      }
      path = `/api/v1/organizations/${organization}/acl`;
    }
    const mutators: RequestMutator[] = [principalMutator()];
    if (input.info.token !== '') mutators.push(bearerMutator(input.info.token));
    mutators.push(traceContextMutator(), clientCertificateMutator());
    let reply: Awaited<ReturnType<typeof callIdentity>>;
    try {
      reply = await callIdentity(
        await this.endpoint(),
        { method: 'GET', path },
        mutators,
        { principal: input.principal, impersonate: input.impersonate, clientCertificate: input.clientCertificate },
        this.options.maxACLBytes ?? 1024 * 1024,
      );
    } catch (cause) {
      throw new Error(`${(cause as Error).message}: failed to perform ACL get call`, { cause });
    }
    const text = reply.body.toString('utf8');
    let body: unknown = text;
    if (reply.contentType.includes('json')) {
      try {
        body = JSON.parse(text);
      } catch (cause) {
        throw new Error('failed to decode ACL response', { cause });
      }
    }
    if (reply.status !== 200) {
      throw propagateError({ status: reply.status, body, contentType: reply.contentType }, [401, 500]);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || reply.truncated) {
      throw new Error('failed to decode ACL response');
    }
    return body as ACL;
  }
}
