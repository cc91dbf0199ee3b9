/**
 * Request-scoped identity, carried in AsyncLocalStorage (the Node equivalent of Go's `context.Context`).
 * Every reader also accepts an explicit {@link IdentityContext}.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { InvalidContextError } from '@unikorn-cloud/core-client';
import type { KubeConfig } from './kubeConfig';
import type { Principal } from './principal';

/** What one request (or unit of work) is acting as. Immutable once stored: `with*` functions copy it. */
export interface IdentityContext {
  /** The delegated principal forwarded by API clients as `X-Principal`. */
  readonly principal?: Principal;
  /** Set when the principal's actor is impersonated (`X-Impersonate: true`). */
  readonly impersonate?: boolean;
  /** Relayed client certificate (URL query-escaped PEM), passed on verbatim as `Unikorn-Client-Certificate`. */
  readonly clientCertificate?: string;
  /** Kubernetes client used when a client is built without an explicit one. */
  readonly kube?: KubeConfig;
}

const storage = new AsyncLocalStorage<IdentityContext>();
const empty: IdentityContext = Object.freeze({});

/** The identity context of the current async scope (an empty context outside any `with*` scope). */
export function currentIdentityContext(): IdentityContext {
  return storage.getStore() ?? empty;
}

/** Runs `fn` with `context` as the whole identity context (nothing is inherited from the current scope). */
export function withIdentityContext<R>(context: IdentityContext, fn: () => R): R {
  return storage.run(Object.freeze({ ...context }), fn);
}

function withChange<R>(change: IdentityContext, fn: () => R): R {
  return withIdentityContext({ ...currentIdentityContext(), ...change }, fn);
}

/** Runs `fn` with `principal` as the delegated principal (other context values are kept). */
export function withPrincipal<R>(principal: Principal, fn: () => R): R {
  return withChange({ principal }, fn);
}

/**
 * The delegated principal of `context` (default: the current scope).
 * @throws InvalidContextError `context invalid: principal is not defined` when there is none.
 */
export function principalFromContext(context: IdentityContext = currentIdentityContext()): Principal {
  if (context.principal === undefined) {
    throw new InvalidContextError('principal is not defined');
  }
  return context.principal;
}

/** Runs `fn` with the impersonation flag set, so API clients also send `X-Impersonate: true`. */
export function withImpersonation<R>(fn: () => R): R {
  return withChange({ impersonate: true }, fn);
}

/** Whether `context` (default: the current scope) is flagged for impersonation. */
export function impersonateFromContext(context: IdentityContext = currentIdentityContext()): boolean {
  return context.impersonate === true;
}

/** Runs `fn` relaying `certificate` (URL query-escaped PEM, passed verbatim) as `Unikorn-Client-Certificate`. */
export function withClientCertificate<R>(certificate: string, fn: () => R): R {
  return withChange({ clientCertificate: certificate }, fn);
}

/** The relayed client certificate of `context` (default: the current scope), or undefined when none. */
export function clientCertificateFromContext(context: IdentityContext = currentIdentityContext()): string | undefined {
  return context.clientCertificate;
}
