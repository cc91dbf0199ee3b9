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
  resolveKubernetesClient,
  UnikornError,
} from '@unikorn-cloud/core-client';
import { currentIdentityContext } from '../../context';
import { identityAPIBuilder } from '../../identity/client';
import { type OrganizationID, OrganizationIDs } from '../../identity/ids';
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
import type { IdentityEndpoint } from './identityCall';
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
   * Go `GetACL`, through the generated identity client as Go does: `GET <identity>/api/v1/acl`, or
   * `…/api/v1/organizations/<org>/acl` for a (UUID-parsed) organization, with `X-Principal` (+ `X-Impersonate`),
   * `Authorization: bearer <source token>` on the bearer path, trace context and the relayed certificate. A non-200
   * is propagated as Go's `PropagateError` (401/500 JSON become API errors, anything else a type conversion error);
   * a transport failure is a plain error.
   */
  async getACL(input: ACLInput): Promise<ACL> {
    let organization: OrganizationID | undefined;
    if (input.organizationId !== '') {
      try {
        organization = OrganizationIDs.parse(input.organizationId);
      } catch (cause) {
        throw new Error(
          `${(cause as Error).message}: invalid organization ID ${JSON.stringify(input.organizationId)}`,
          { cause },
        );
      }
    }
    const mutators: RequestMutator[] = [principalMutator()];
    if (input.info.token !== '') mutators.push(bearerMutator(input.info.token));
    mutators.push(traceContextMutator(), clientCertificateMutator());
    const endpoint = await this.endpoint();
    const api = identityAPIBuilder()({
      baseUrl: endpoint.baseUrl,
      dispatcher: endpoint.dispatcher,
      mutators,
      context: {
        principal: input.principal,
        impersonate: input.impersonate,
        clientCertificate: input.clientCertificate,
      },
      timeoutMs: endpoint.timeoutMs,
    });
    try {
      const acl: unknown =
        organization === undefined ? await api.acl.getAcl() : await api.acl.getOrganizationAcl(organization);
      if (typeof acl !== 'object' || acl === null || Array.isArray(acl)) {
        throw new Error('failed to decode ACL response');
      }
      return acl as ACL;
    } catch (error) {
      // A status error (Go PropagateError: a 401/500 JSON body is an API error, anything else a type conversion
      // error) is returned as it is; a transport failure is a plain error, as in Go.
      if (error instanceof UnikornError) throw error;
      throw new Error(`${error instanceof Error ? error.message : 'request failed'}: failed to perform ACL get call`, {
        cause: error,
      });
    }
  }
}
